package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.cli.CliRunner.Running;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** listen keeps going when the server is killed and started again, and prints every message exactly once. */
class ListenReconnectTest {

    @Test
    void listenSurvivesServerKillAndRestart(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data.resolve("server"), "--tls")) {
            CliRunner cli = new CliRunner(server);
            Running bob = cli.start(cli.as("pw-bob"), "--user", "bob", "--json", "listen", "--count", "5").awaitOnline();

            cli.user("alice", "send", "#lobby", "one").expect(0);
            cli.user("alice", "send", "@bob", "two").expect(0);
            bob.awaitJson(n -> "two".equals(n.path("text").asText()));

            server.kill();
            bob.awaitJson(n -> "reconnecting".equals(n.path("state").asText()));
            server.restart();

            cli.user("alice", "send", "#lobby", "three").expect(0);
            cli.user("alice", "send", "@bob", "four").expect(0);
            bob.awaitOnline(2);
            cli.user("alice", "send", "#lobby", "five").expect(0);

            assertEquals(0, bob.awaitExit());
            List<JsonNode> messages = bob.messages();
            // each message once; a replay goes conversation by conversation, so the order holds within each
            assertEquals(List.of("five", "four", "one", "three", "two"), messages.stream().map(n -> n.path("text").asText()).sorted().toList(),
                bob.out().text());
            Map<String, Long> last = new HashMap<>();
            for (JsonNode m : messages) {
                long seq = m.path("seq").asLong();
                Long before = last.put(m.path("conversation").asText(), seq);
                assertTrue(before == null || seq == before + 1, "gap or repeat at " + m);
            }
            assertEquals(List.of("one", "three", "five"), texts(messages, "room:lobby"));
            assertEquals(List.of("two", "four"), texts(messages, "dm:alice:bob"));
            long online = bob.json().stream().filter(n -> "online".equals(n.path("state").asText())).count();
            assertEquals(2, online, "logged in once, then once more after the restart:\n" + bob.out().text());
        }
    }

    private static List<String> texts(List<JsonNode> messages, String conversation) {
        return messages.stream().filter(m -> m.path("conversation").asText().equals(conversation)).map(m -> m.path("text").asText()).toList();
    }
}
