package org.chatnow.ui;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links to files of the shared folder in message text: {@code chatnow-file:<name>}. Letters, digits and {@code . _ - ~}
 * stay as they are so that a link reads like the name ("chatnow-file:report.pdf"); everything else (spaces,
 * brackets, '%') is percent-encoded as UTF-8, so a link is one word and ends where the name ends.
 */
public final class FileLinks {
    public static final String SCHEME = "chatnow-file:";
    private static final Pattern LINK = Pattern.compile("(?<![\\w-])chatnow-file:([^\\s<>\"]+)");

    private FileLinks() {
    }

    /** A link in a text: {@code start} inclusive, {@code end} exclusive, and the file name it names. */
    public record Found(int start, int end, String name) {
    }

    /**
     * Whether a link's name is an attachment of a conversation ("{id}/{name}", as the server named it) rather than a
     * file of the shared folder (whose names never hold a '/'). An attachment link is read in its conversation.
     */
    public static boolean isAttachment(String name) {
        return name != null && name.indexOf('/') > 0;
    }

    /** The name to show for a link's file: an attachment without its id. */
    public static String displayName(String name) {
        return isAttachment(name) ? name.substring(name.indexOf('/') + 1) : name;
    }

    /** The link to shared file {@code name} (or to attachment "{id}/{name}"). */
    public static String link(String name) {
        StringBuilder out = new StringBuilder(SCHEME);
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || cp == '.' || cp == '_' || cp == '-' || cp == '~') {
                out.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** The file name a link names, or null if {@code link} is not a well-formed file link. */
    public static String name(String link) {
        if (link == null || !link.startsWith(SCHEME) || link.length() == SCHEME.length()) {
            return null;
        }
        String encoded = link.substring(SCHEME.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); ) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                int cp = encoded.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
            }
        }
        String name = bytes.toString(StandardCharsets.UTF_8);
        return name.isEmpty() || name.indexOf('\uFFFD') >= 0 ? null : name;
    }

    /** The file links in {@code text}, in order. A full stop or comma right after a link ends the sentence, not the name. */
    public static List<Found> find(String text) {
        List<Found> found = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            int end = m.end();
            while (end > m.start(1) && ".,;:!?)]}'".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            String name = name(text.substring(m.start(), end));
            if (name != null) {
                found.add(new Found(m.start(), end, name));
            }
        }
        return found;
    }

    /**
     * {@code text} for reading where links cannot be clicked (a notification): each file link is named as the
     * conversation names it. A file message ("📎 name (size) link") already names its file, so its link goes; any
     * other link becomes "📎 name".
     */
    public static String readable(String text) {
        List<Found> links = find(text);
        if (links.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Found link : links) {
            String shown = displayName(link.name());
            String before = text.substring(from, link.start());
            String sentence = before.stripTrailing();
            int clip = sentence.lastIndexOf(InlinePictures.PAPERCLIP + " ");
            if (sentence.endsWith(")") && clip >= 0 && sentence.startsWith(InlinePictures.PAPERCLIP + " " + shown + " (", clip)) {
                out.append(sentence);
            } else {
                out.append(before).append(InlinePictures.PAPERCLIP).append(' ').append(shown);
            }
            from = link.end();
        }
        return out.append(text.substring(from)).toString();
    }
}
