package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

import org.chatnow.client.ChatMessage;
import org.junit.jupiter.api.Test;

/** How targets are read and messages printed, without a server. */
class TargetsAndOutputTest {

    @Test
    void targetsNameRoomsAndPrivateConversations() {
        assertEquals("room:lobby", Targets.conversation("#lobby", "alice"));
        assertEquals("room:dev", Targets.conversation("room:dev", "alice"));
        assertEquals("dm:alice:bob", Targets.conversation("@bob", "alice"));
        assertEquals("dm:alice:bob", Targets.conversation("@alice", "bob"));
        assertEquals("dm:alice:bob", Targets.conversation("dm:alice:bob", "carol"));
        assertEquals(CliException.REFUSED, assertThrows(CliException.class, () -> Targets.conversation("@alice", "alice")).exitCode());
        for (String bad : new String[] {"lobby", "#", "@", "", "room:", "chat:x"}) {
            assertEquals(CliException.USAGE, assertThrows(CliException.class, () -> Targets.conversation(bad, "alice")).exitCode(), bad);
        }
    }

    @Test
    void messagesCannotDriveTheTerminal() {
        assertEquals("red \uFFFD[31mtext\uFFFD", Output.safe("red \u001b[31mtext\u0007"));
        assertEquals("over\uFFFDwrite", Output.safe("over\rwrite"));
        assertEquals("two\r\nlines\tand a tab", Output.safe("two\r\nlines\tand a tab"));
        assertEquals("c1 \uFFFD", Output.safe("c1 \u009b"));
    }

    @Test
    void printsMessagesForPeopleAndForScripts() {
        StringWriter plain = new StringWriter();
        ChatMessage m = new ChatMessage("dm:alice:bob", 7, "bob", Instant.now(), "first line\nsecond line", true);
        new Output(new PrintWriter(plain), false).message(m, "alice");
        assertEquals(true, plain.toString().matches("\\[\\d\\d:\\d\\d] @bob bob: first line\\R {4}second line\\R"), plain.toString());

        StringWriter json = new StringWriter();
        new Output(new PrintWriter(json), true).message(new ChatMessage("room:lobby", 3, "bob",
            Instant.parse("2025-11-26T10:15:30Z"), "hi \"all\"", false), "alice");
        assertEquals("{\"type\":\"message\",\"conversation\":\"room:lobby\",\"seq\":3,\"from\":\"bob\",\"time\":\"2025-11-26T10:15:30Z\","
            + "\"text\":\"hi \\\"all\\\"\",\"replayed\":false}", json.toString().strip());

        StringWriter older = new StringWriter();
        new Output(new PrintWriter(older), false).message(new ChatMessage("room:lobby", 3, "bob",
            Instant.parse("2020-01-02T10:15:30Z"), "old", false), "alice");
        assertEquals(true, older.toString().matches("\\[2020-01-0\\d \\d\\d:\\d\\d] #lobby bob: old\\R"), older.toString());
    }
}
