package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.chatnow.cli.CliRunner.Result;
import org.chatnow.cli.CliRunner.Running;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The chat commands against a real server process with open registration (a new name with a password is an account). */
class ChatCommandsTest {
    @TempDir
    static Path data;
    private static ServerProcess server;
    private static CliRunner cli;

    @BeforeAll
    static void startServer() throws IOException {
        server = ServerProcess.start(data.resolve("server"), "--tls");
        cli = new CliRunner(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).asText();
    }

    @Test
    void sendAndListenRoundTripInJson() throws Exception {
        Running bob = cli.start(cli.as("pw-rtBob"), "--user", "rtBob", "--json", "listen", "--count", "1",
            "--conversation", "#lobby").awaitOnline();

        Result sent = cli.user("rtAlice", "--json", "send", "#lobby", "hello", "bob").expect(0);
        JsonNode ack = CliRunner.parse(sent.out().strip());
        assertEquals("room:lobby", text(ack, "conversation"));
        long seq = ack.path("seq").asLong();
        assertTrue(seq >= 1);

        assertEquals(0, bob.awaitExit());
        List<JsonNode> messages = bob.messages();
        assertEquals(1, messages.size(), bob.out().text());
        JsonNode m = messages.get(0);
        assertEquals("room:lobby", text(m, "conversation"));
        assertEquals(seq, m.path("seq").asLong());
        assertEquals("rtAlice", text(m, "from"));
        assertEquals("hello bob", text(m, "text"));
        assertFalse(m.path("replayed").asBoolean());
        Instant time = Instant.parse(text(m, "time"));
        assertTrue(Math.abs(time.toEpochMilli() - System.currentTimeMillis()) < 60_000, "time " + time);
    }

    @Test
    void listenReplaysUnreadMessagesUnlessNew() throws Exception {
        cli.user("newAlice", "room", "create", "fresh").expect(0);
        cli.user("newBob", "room", "join", "fresh").expect(0);
        cli.user("newAlice", "send", "#fresh", "sent while bob was away").expect(0);

        List<JsonNode> backlog = cli.user("newBob", "--json", "listen", "--count", "1", "--conversation", "#fresh").expect(0).json();
        JsonNode replayed = backlog.stream().filter(n -> "message".equals(text(n, "type"))).findFirst().orElseThrow();
        assertEquals("sent while bob was away", text(replayed, "text"));
        assertTrue(replayed.path("replayed").asBoolean());

        Running bob = cli.start(cli.as("pw-newBob"), "--user", "newBob", "--json", "listen", "--new", "--count", "1",
            "--conversation", "#fresh").awaitOnline();
        cli.user("newAlice", "send", "#fresh", "sent while bob listens").expect(0);
        assertEquals(0, bob.awaitExit());
        assertEquals(List.of("sent while bob listens"), bob.messages().stream().map(n -> text(n, "text")).toList());
        assertFalse(bob.messages().get(0).path("replayed").asBoolean());
    }

    @Test
    void privateMessageReachesOnlyItsRecipient() throws Exception {
        Running bob = cli.start(cli.as("pw-pmBob"), "--user", "pmBob", "--json", "listen", "--count", "1").awaitOnline();
        Running carol = cli.start(cli.as("pw-pmCarol"), "--user", "pmCarol", "--json", "listen").awaitOnline();

        JsonNode ack = CliRunner.parse(cli.user("pmAlice", "--json", "send", "@pmBob", "just", "for", "you").expect(0).out().strip());
        assertEquals("dm:pmAlice:pmBob", text(ack, "conversation"));
        // a later message everyone gets: once carol has it, she would have had the private one before it
        cli.user("pmAlice", "send", "room:lobby", "marker for pmCarol").expect(0);

        assertEquals(0, bob.awaitExit());
        JsonNode received = bob.messages().get(0);
        assertEquals("dm:pmAlice:pmBob", text(received, "conversation"));
        assertEquals("just for you", text(received, "text"));
        assertEquals("pmAlice", text(received, "from"));

        carol.awaitJson(n -> "marker for pmCarol".equals(text(n, "text")));
        assertEquals(0, carol.stop());
        for (JsonNode n : carol.json()) {
            assertFalse(text(n, "conversation").startsWith("dm:"), "carol saw " + n);
            assertFalse(n.toString().contains("just for you"), "carol saw " + n);
        }
        // and she cannot read it either
        Result history = cli.user("pmCarol", "history", "dm:pmAlice:pmBob").expect(1);
        assertTrue(history.err().contains("you are not in dm:pmAlice:pmBob"), history.err());
    }

    @Test
    void privateMessageToYourselfIsRefused() {
        Result own = cli.user("selfAlice", "send", "@selfAlice", "note to self").expect(1);
        assertTrue(own.err().contains("you cannot start a private chat with yourself"), own.err());
        assertEquals("", own.out());

        // spelled as a conversation id it reaches the server, which refuses it alike
        Result raw = cli.user("selfAlice", "send", "dm:selfAlice:selfAlice", "note to self").expect(1);
        assertTrue(raw.err().contains("yourself"), raw.err());
    }

    @Test
    void historyPagesBackwards() {
        cli.user("histAlice", "room", "create", "hist").expect(0);
        Result sent = cli.run(cli.as("pw-histAlice"), "m1\nm2\n\nm3\nm4\nm5\n", "--user", "histAlice", "send", "#hist", "-").expect(0);
        assertEquals(List.of("1", "2", "3", "4", "5"), sent.lines());

        List<JsonNode> newest = cli.user("histAlice", "--json", "history", "#hist", "--limit", "2").expect(0).json();
        assertEquals(List.of("m4", "m5", ""), newest.stream().map(n -> text(n, "text")).toList());
        assertEquals(List.of(4L, 5L), newest.subList(0, 2).stream().map(n -> n.path("seq").asLong()).toList());
        assertEquals("more", text(newest.get(2), "type"));
        assertEquals(4, newest.get(2).path("before").asLong());

        Result older = cli.user("histAlice", "history", "room:hist", "--limit", "2", "--before", "4").expect(0);
        assertEquals(2, older.lines().size(), older.out());
        assertTrue(older.lines().get(0).matches("\\[\\d\\d:\\d\\d] #hist histAlice: m2"), older.out());
        assertTrue(older.lines().get(1).endsWith("#hist histAlice: m3"), older.out());
        assertTrue(older.err().contains("--before 2"), older.err());

        List<JsonNode> oldest = cli.user("histAlice", "--json", "history", "#hist", "--before", "2").expect(0).json();
        assertEquals(1, oldest.size());
        assertEquals("m1", text(oldest.get(0), "text"));
        assertEquals("histAlice", text(oldest.get(0), "from"));

        List<JsonNode> found = cli.user("histAlice", "--json", "history", "#hist", "--search", "M3").expect(0).json();
        assertEquals(List.of("m3"), found.stream().map(n -> text(n, "text")).toList(), "search ignores case");
        cli.user("histAlice", "history", "#hist", "--search", " ").expect(2); // an empty search is a usage error
    }

    @Test
    void roomsAreCreatedJoinedListedAndLeft() {
        Result created = cli.user("roomAlice", "room", "create", "team", "--topic", "Team talk").expect(0);
        assertEquals("created #team (1 member, topic: Team talk)", created.out().strip());

        JsonNode team = room(cli.user("roomBob", "--json", "rooms").expect(0), "team");
        assertEquals("Team talk", text(team, "topic"));
        assertEquals(1, team.path("members").asInt());
        assertFalse(team.path("joined").asBoolean());

        assertTrue(cli.user("roomBob", "room", "join", "#team").expect(0).out().startsWith("joined #team (2 members"));
        team = room(cli.user("roomBob", "--json", "rooms").expect(0), "team");
        assertEquals(2, team.path("members").asInt());
        assertTrue(team.path("joined").asBoolean());
        Result table = cli.user("roomBob", "rooms").expect(0);
        assertTrue(table.lines().get(0).startsWith("ROOM"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("#team\\s+2\\s+yes\\s+Team talk")), table.out());

        cli.user("roomBob", "send", "#team", "hi team").expect(0);
        Result exists = cli.user("roomBob", "room", "create", "team").expect(1);
        assertTrue(exists.err().contains("exists already"), exists.err());

        assertTrue(cli.user("roomBob", "room", "leave", "team").expect(0).out().startsWith("left #team (1 member"));
        assertFalse(room(cli.user("roomBob", "--json", "rooms").expect(0), "team").path("joined").asBoolean());
        Result notIn = cli.user("roomBob", "send", "#team", "still here?").expect(1);
        assertTrue(notIn.err().contains("you are not in room:team"), notIn.err());

        assertTrue(cli.user("roomBob", "room", "leave", "lobby").expect(1).err().contains("lobby"));
        assertTrue(cli.user("roomBob", "room", "join", "nosuch").expect(1).err().contains("there is no room named nosuch"));
    }

    private static JsonNode room(Result rooms, String name) {
        return rooms.json().stream().filter(n -> name.equals(text(n, "name"))).findFirst()
            .orElseThrow(() -> new AssertionError("no room " + name + " in\n" + rooms.out()));
    }

    @Test
    void usersListsWhoIsOnline() throws Exception {
        Running bob = cli.start(cli.as("pw-usersBob"), "--user", "usersBob", "--json", "listen").awaitOnline();
        try {
            Result users = cli.user("usersAlice", "users").expect(0);
            assertTrue(users.lines().contains("usersBob\tonline"), users.out());
            assertTrue(users.lines().contains("usersAlice\tonline"), users.out());
            List<JsonNode> json = cli.user("usersAlice", "--json", "users").expect(0).json();
            assertTrue(json.stream().anyMatch(n -> "usersBob".equals(text(n, "user")) && "online".equals(text(n, "presence"))));
        } finally {
            bob.stop();
        }
    }

    @Test
    void wrongPasswordExitsWithOneAndSaysWhy(@TempDir Path files) throws IOException {
        cli.user("pwAlice", "users").expect(0); // claims the account with pw-pwAlice

        Result wrong = cli.run(cli.as("not-her-password"), "", "--user", "pwAlice", "users").expect(1);
        assertTrue(wrong.err().contains("wrong user name or password"), wrong.err());
        assertEquals("", wrong.out());

        Path file = files.resolve("password");
        Files.writeString(file, "pw-pwAlice\n", StandardCharsets.UTF_8);
        Result fromFile = cli.run(cli.as(null), "", "--user", "pwAlice", "--password-file", file.toString(), "users").expect(0);
        assertTrue(fromFile.out().contains("pwAlice\tonline"), fromFile.out());

        Result noPassword = cli.run(cli.as(null), "", "--user", "pwAlice", "users").expect(2);
        assertTrue(noPassword.err().contains("no password for pwAlice"), noPassword.err());
    }

    @Test
    void unreachableServerExitsWithThree() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result = cli.run(Map.of("CHATNOW_PASSWORD", "pw"), "", "--server", "127.0.0.1:" + closedPort, "--user", "nobody",
            "send", "#lobby", "hello").expect(3);
        assertTrue(result.err().contains("cannot reach the server at 127.0.0.1:" + closedPort), result.err());
    }

    @Test
    void usageErrorsExitWithTwo() {
        Map<String, String> env = cli.as("pw");
        assertTrue(cli.run(env, "", "send", "#lobby", "hi").expect(2).err().contains("--user NAME or CHATNOW_USER"));
        assertTrue(cli.run(env, "", "--user", "u", "send", "lobby", "hi").expect(2).err().contains("'#lobby'"));
        Result password = cli.run(env, "", "--user", "u", "--password", "secret", "users").expect(2);
        assertTrue(password.err().contains("There is no --password option"), password.err());
        assertTrue(cli.run(env, "", "--user", "u", "sned", "#lobby", "hi").expect(2).err().contains("unknown command 'sned'"));
        cli.run(env, "", "--user", "u", "listen", "--count", "0").expect(2);
        cli.run(env, "", "--user", "u", "send", "#lobby").expect(2);
        cli.run(env, "", "--server", "host:notaport", "--user", "u", "users").expect(2);
        cli.run(env, "").expect(2);
    }

    @Test
    void helpDocumentsEveryCommandAndOption() {
        Result help = cli.run(Map.of(), "", "--help").expect(0);
        CommandLine commandLine = Main.commandLine(new Terminal(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            InputStream.nullInputStream(), StandardCharsets.UTF_8, Map.of(), null));
        assertDocumented(help.out(), commandLine.getCommandSpec(), "");
        assertTrue(help.out().contains("Exit codes"), help.out());
        assertTrue(cli.run(Map.of(), "", "admin", "create-account", "--help").expect(0).out().contains("--new-password-file"));
    }

    private static void assertDocumented(String help, CommandSpec spec, String path) {
        for (OptionSpec option : spec.options()) {
            assertTrue(help.contains(option.longestName()), path + " " + option.longestName() + " is not in the help:\n" + help);
        }
        for (var sub : spec.subcommands().entrySet()) {
            String name = (path + " " + sub.getKey()).strip();
            assertTrue(help.contains("  " + name), name + " is not in the help:\n" + help);
            assertDocumented(help, sub.getValue().getCommandSpec(), name);
        }
    }
}
