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
        try (ServerProcess server = ServerProcess.start(data.resolve("server"))) {
            CliRunner cli = new CliRunner(server.port());
            Running bob = cli.start(cli.as("pw-bob"), "--user", "bob", "--json", "listen", "--count", "4").awaitOnline();

            cli.user("alice", "send", "#lobby", "one").expect(0);
            cli.user("alice", "send", "@bob", "two").expect(0);
            bob.awaitJson(n -> "two".equals(n.path("text").asText()));

            server.kill();
            bob.awaitJson(n -> "reconnecting".equals(n.path("state").asText()));
            server.restart();

            cli.user("alice", "send", "#lobby", "three").expect(0);
            cli.user("alice", "send", "@bob", "four").expect(0);

            assertEquals(0, bob.awaitExit());
            List<JsonNode> messages = bob.messages();
            assertEquals(List.of("one", "two", "three", "four"), messages.stream().map(n -> n.path("text").asText()).toList(),
                bob.out().text());
            Map<String, Long> last = new HashMap<>();
            for (JsonNode m : messages) {
                long seq = m.path("seq").asLong();
                Long before = last.put(m.path("conversation").asText(), seq);
                assertTrue(before == null || seq == before + 1, "gap or repeat at " + m);
            }
            assertEquals(List.of(1L, 2L), messages.stream().filter(m -> m.path("conversation").asText().equals("room:lobby"))
                .map(m -> m.path("seq").asLong()).toList());
            long online = bob.json().stream().filter(n -> "online".equals(n.path("state").asText())).count();
            assertEquals(2, online, "logged in once, then once more after the restart:\n" + bob.out().text());
        }
    }
}
