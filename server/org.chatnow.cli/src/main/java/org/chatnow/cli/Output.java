package org.chatnow.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * What commands print on standard output: lines for people, or with {@code --json} one JSON object per line.
 * Thread-safe; every line is flushed at once so that a reading script sees it immediately.
 */
final class Output {
    private static final ObjectMapper JSON = JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PrintWriter out;
    private final boolean json;
    private final ZoneId zone = ZoneId.systemDefault();

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** Prints a line for people (plain mode only). */
    synchronized void text(String line) {
        out.println(line);
        out.flush();
    }

    /** Prints one JSON object; {@code keyValues} alternate names and values, null values are left out. */
    synchronized void object(Object... keyValues) {
        out.println(toJson(keyValues));
        out.flush();
    }

    /** Whether standard output is gone (e.g. the reader of a pipe, such as {@code head}, has exited). */
    synchronized boolean closed() {
        return out.checkError();
    }

    static String toJson(Object... keyValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            object.put((String) keyValues[i], keyValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A message: {@code [HH:mm] #lobby alice: text} (with the date when it is not from today) or a JSON object with
     * type, conversation, seq, from, time (ISO-8601), text and replayed.
     */
    void message(ChatMessage m, String me) {
        if (json) {
            object("type", "message", "conversation", m.conversation(), "seq", m.seq(), "from", m.from(),
                "time", m.time().toString(), "text", m.text(), "replayed", m.replayed());
        } else {
            ZonedDateTime at = m.time().atZone(zone);
            String when = at.toLocalDate().equals(LocalDate.now(zone)) ? TIME.format(at) : DATE_TIME.format(at);
            String body = safe(m.text()).replace("\r\n", "\n").replace("\n", "\n    ");
            text("[" + when + "] " + safe(Conversations.title(m.conversation(), me)) + " " + safe(m.from()) + ": " + body);
        }
    }

    /**
     * {@code text} with control characters other than line feed and tab shown as U+FFFD, so that a message cannot
     * drive the reader's terminal (escape sequences, carriage returns overwriting the line).
     */
    static String safe(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            boolean control = !crlf && ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f));
            if (control) {
                if (b == null) {
                    b = new StringBuilder(text.length()).append(text, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }
}
