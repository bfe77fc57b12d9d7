package org.chatnow.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The built product, started three times on one workspace, as a user would: the first run changes the layout through
 * workbench commands (shows the Progress view, closes Shared Files, has two conversations open) and exits; the
 * second run restores it. Both write what they show with the app's self-check, and the two reports must agree. The
 * second run leaves the private conversation in front while the lobby gets messages (its tab says "#lobby (n)"); the
 * third, whose login opens the lobby, must bring the restored lobby tab to the front rather than open another.
 */
class LayoutPersistenceTest {
    private static final Path PRODUCT = Path.of(System.getProperty("chatnow.product.dir", "missing"));
    private static final Path WORK = Path.of(System.getProperty("chatnow.test.dir", "target"));
    /** Pixels a view may move between runs (window decorations and rounding). */
    private static final int TOLERANCE = 8;

    @Test
    void theWindowLayoutAndOpenConversationsSurviveARestart() throws Exception {
        assumeTrue(System.getenv("DISPLAY") != null, "needs an X display (./chatnow test starts Xvfb)");
        assertTrue(Files.isExecutable(PRODUCT.resolve("chatnow-client")), "the product is built at " + PRODUCT);
        Path base = Files.createDirectories(WORK.resolve("layout-test"));
        Path workspace = Files.createTempDirectory(base, "workspace");
        try (ServerProcess server = ServerProcess.start(Files.createTempDirectory(base, "server"), "--tls");
             ChatClient bob = trusting(server)) {
            bob.connect(new ServerAddress("127.0.0.1", server.port()), "bob", "password-of-bob").get(20, TimeUnit.SECONDS);
            // lee's account exists before the first run, so that bob can write to her
            try (ChatClient lee = trusting(server)) {
                lee.connect(new ServerAddress("127.0.0.1", server.port()), "lee", "password-of-lee").get(20, TimeUnit.SECONDS);
                lee.disconnect();
            }
            bob.send(Conversations.direct("bob", "lee"), "see you after the restart").get(10, TimeUnit.SECONDS);

            List<String> first = launch(server, workspace, base.resolve("first.txt"),
                "org.eclipse.ui.views.showView(org.eclipse.ui.views.showView.viewId=org.eclipse.ui.views.ProgressView)",
                "org.chatnow.ui.chat.openConversation(org.chatnow.ui.chat.conversation=room:lobby)");
            assertTrue(first.stream().anyMatch(l -> l.startsWith("view org.eclipse.ui.views.ProgressView ")),
                "the first run showed the Progress view: " + first);
            assertTrue(first.contains("editor room:lobby active"), first.toString());
            assertTrue(first.contains("editor dm:bob:lee"), "bob's message opened its conversation: " + first);
            String connection = first.stream().filter(l -> l.startsWith("connection ")).findFirst().orElse("");
            assertTrue(connection.startsWith("connection ONLINE TLSv1.3") && connection.contains(server.tlsFingerprint() + " (pinned)"),
                "-chatnowTrust pinned the server's certificate, as ./chatnow demo uses it: " + connection);

            // while the second run shows the private conversation, the lobby gets news
            List<String> second;
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread lobbyNews = new Thread(() -> {
                for (int i = 1; writing.get(); i++) {
                    bob.send(Conversations.LOBBY, "lobby news " + i);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lobby news");
            lobbyNews.start();
            try {
                second = launch(server, workspace, base.resolve("second.txt"),
                    "org.chatnow.ui.chat.openConversation(org.chatnow.ui.chat.conversation=dm:bob:lee)");
            } finally {
                writing.set(false);
                lobbyNews.join(5_000);
            }
            assertSameLayout(first, second);
            assertTrue(second.contains("editor dm:bob:lee active"), second.toString());
            assertOneTabEach(second);

            List<String> third = launch(server, workspace, base.resolve("third.txt"));
            assertOneTabEach(third);
            assertTrue(third.contains("editor room:lobby active"), "the login brought the restored lobby to the front: " + third);
        }
    }

    /** The lobby and the private conversation each in one tab: no second tab for a restored conversation. */
    private static void assertOneTabEach(List<String> report) {
        for (String conversation : List.of(Conversations.LOBBY, "dm:bob:lee")) {
            long tabs = report.stream().filter(l -> l.equals("editor " + conversation) || l.equals("editor " + conversation + " active")).count();
            assertEquals(1, tabs, "tabs of " + conversation + ": " + report);
        }
    }

    /** A client without UI that trusts {@code server}'s certificate. */
    private static ChatClient trusting(ServerProcess server) {
        ChatClient client = ChatClients.create();
        client.knownServers().pin(new ServerAddress("127.0.0.1", server.port()), server.tlsFingerprint());
        return client;
    }

    /** Runs the product once on {@code workspace}, logged in as lee, and returns its self-check report. */
    private static List<String> launch(ServerProcess server, Path workspace, Path report, String... commands) throws Exception {
        List<String> command = new ArrayList<>(List.of(PRODUCT.resolve("chatnow-client").toString(),
            "-chatnowServer", "127.0.0.1:" + server.port(), "-chatnowUser", "lee", "-chatnowPassword", "password-of-lee",
            "-chatnowAutoLogin", "-chatnowTrust", server.tlsFingerprint(), "-data", workspace.toString(), "-chatnowSelfCheck", report.toString(), "-chatnowSelfCheckExit"));
        for (String c : commands) {
            command.add("-chatnowRun");
            command.add(c);
        }
        Path log = report.resolveSibling(report.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the product did not finish within 120 s; see " + log + "\n" + tail(log));
        }
        assertEquals(0, process.exitValue(), "the product's exit code; see " + log + "\n" + tail(log));
        assertTrue(Files.exists(report), "no self-check report; see " + log + "\n" + tail(log));
        return Files.readAllLines(report, StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Same views (each within a few pixels of where it was), same window size, same conversations. */
    private static void assertSameLayout(List<String> first, List<String> second) {
        Map<String, String> a = facts(first);
        Map<String, String> b = facts(second);
        assertEquals(a.keySet(), b.keySet(), "the same views and conversations:\nfirst  " + first + "\nsecond " + second);
        for (Map.Entry<String, String> fact : a.entrySet()) {
            String was = fact.getValue();
            String now = b.get(fact.getKey());
            if (was.equals(now)) {
                continue;
            }
            String[] x = was.split(" ");
            String[] y = now.split(" ");
            assertEquals(x.length, y.length, fact.getKey() + ": " + was + " then " + now);
            for (int i = 0; i < x.length; i++) {
                try {
                    int d = Math.abs(Integer.parseInt(x[i]) - Integer.parseInt(y[i]));
                    assertTrue(d <= TOLERANCE, fact.getKey() + " moved: " + was + " then " + now);
                } catch (NumberFormatException e) {
                    assertEquals(x[i], y[i], fact.getKey() + ": " + was + " then " + now);
                }
            }
        }
    }

    /** Report lines as "kind name" → the rest (positions, "active"). */
    private static Map<String, String> facts(List<String> report) {
        Map<String, String> facts = new TreeMap<>();
        for (String line : report) {
            String[] parts = line.split(" ", 3);
            String key = parts.length > 1 && !parts[0].equals("window") ? parts[0] + " " + parts[1] : parts[0];
            String rest = parts.length > 1 && !parts[0].equals("window") ? (parts.length > 2 ? parts[2] : "") : line.substring(parts[0].length()).strip();
            // which conversation is in front is checked where it matters; here: the same ones open
            facts.put(key, parts[0].equals("editor") ? "" : rest);
        }
        return facts;
    }
}
