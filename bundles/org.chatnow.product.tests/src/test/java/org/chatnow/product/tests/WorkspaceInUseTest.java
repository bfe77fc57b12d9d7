package org.chatnow.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ServerAddress;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The built product started twice by one user: the second does not silently share the first one's workspace
 * ({@code ~/.chatnow/workspace}, locked while in use) but takes a second one ({@code ~/.chatnow/workspace-2}, starting
 * with a copy of the settings) or quits, as the command line answers the question the user would be asked.
 */
class WorkspaceInUseTest {
    private static final Path PRODUCT = Path.of(System.getProperty("chatnow.product.dir", "missing"));
    private static final Path WORK = Path.of(System.getProperty("chatnow.test.dir", "target"));

    @Test
    void aSecondWorkbenchOfTheSameUserGetsASecondWorkspaceOrQuits() throws Exception {
        assumeTrue(System.getenv("DISPLAY") != null, "needs an X display (./chatnow test starts Xvfb)");
        assertTrue(Files.isExecutable(PRODUCT.resolve("chatnow-client")), "the product is built at " + PRODUCT);
        // a directory of this run's own: a report left by an earlier run must not pass for this one's
        Path base = Files.createTempDirectory(Files.createDirectories(WORK.resolve("workspace-test")), "run");
        // one user's home, where ~/.chatnow/workspace is
        Path home = Files.createTempDirectory(base, "home");
        Process first = null;
        try (ServerProcess server = ServerProcess.start(Files.createTempDirectory(base, "server"), "--tls")) {
            try (ChatClient lee = ChatClients.create()) {
                lee.knownServers().pin(new ServerAddress("127.0.0.1", server.port()), server.tlsFingerprint());
                lee.connect(new ServerAddress("127.0.0.1", server.port()), "lee", "password-of-lee").get(20, TimeUnit.SECONDS);
                lee.disconnect();
            }
            Path firstReport = base.resolve("first.txt");
            first = start(server, home, firstReport, "first");
            waitForReport(first, firstReport);
            assertTrue(Files.readAllLines(firstReport).contains("workspace " + home.resolve(".chatnow/workspace")),
                "the first workbench has the default workspace: " + Files.readAllLines(firstReport));

            Path secondReport = base.resolve("second.txt");
            Process second = start(server, home, secondReport, "second", WorkspaceInUse.ANOTHER, "-chatnowSelfCheckExit");
            assertEquals(0, finish(second, secondReport), "the second workbench ran and closed; see " + log(secondReport));
            List<String> seen = Files.readAllLines(secondReport, StandardCharsets.UTF_8);
            assertTrue(seen.contains("workspace " + home.resolve(".chatnow/workspace-2")), "a second workspace: " + seen);
            assertTrue(seen.stream().anyMatch(l -> l.startsWith("connection ONLINE")), "and it logged in: " + seen);

            Path thirdReport = base.resolve("third.txt");
            Process third = start(server, home, thirdReport, "third", WorkspaceInUse.QUIT);
            assertEquals(3, finish(third, thirdReport), "the third quits: its workspace is in use; see " + log(thirdReport));
            assertFalse(Files.exists(thirdReport), "without opening a window");
            assertTrue(Files.readString(log(thirdReport)).contains("is in use by another ChatNow window"), tail(log(thirdReport)));

            // without an answer on the command line, the user is asked; Enter takes the offered second workspace
            if (xdotool()) {
                Path fourthReport = base.resolve("fourth.txt");
                Process fourth = start(server, home, fourthReport, "fourth", "-chatnowSelfCheckExit");
                String window = xdotool(60, "search", "--sync", "--onlyvisible", "--name", "ChatNow Is Already Running").strip();
                assertFalse(window.isEmpty(), "the question; see " + log(fourthReport));
                xdotool(20, "windowfocus", "--sync", window.lines().findFirst().orElseThrow(), "key", "Return");
                assertEquals(0, finish(fourth, fourthReport), "the fourth ran in a second workspace; see " + log(fourthReport));
                assertTrue(Files.readAllLines(fourthReport).contains("workspace " + home.resolve(".chatnow/workspace-2")),
                    Files.readAllLines(fourthReport).toString());
            }
        } finally {
            if (first != null) {
                first.descendants().forEach(ProcessHandle::destroy);
                first.destroy();
                first.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private enum WorkspaceInUse {
        ANOTHER, QUIT
    }

    /** Starts the product as the user whose home is {@code home}, logged in as lee; its output goes to the report's log. */
    private static Process start(ServerProcess server, Path home, Path report, String name, Object... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(PRODUCT.resolve("chatnow-client").toString(),
            "-chatnowServer", "127.0.0.1:" + server.port(), "-chatnowUser", "lee", "-chatnowPassword", "password-of-lee",
            "-chatnowAutoLogin", "-chatnowTrust", server.tlsFingerprint(), "-chatnowSelfCheck", report.toString()));
        for (Object option : more) {
            if (option instanceof WorkspaceInUse answer) {
                command.add("-chatnowIfWorkspaceInUse");
                command.add(answer.name().toLowerCase(java.util.Locale.ROOT));
            } else {
                command.add(option.toString());
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(report).toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CHATNOW_VMARGS", "-Duser.home=" + home);
        builder.environment().put("HOME", home.toString());
        return builder.start();
    }

    /** Whether xdotool is there to answer a dialog as a user would. */
    private static boolean xdotool() {
        try {
            return new ProcessBuilder("xdotool", "version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs xdotool and returns what it printed. */
    private static String xdotool(int seconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("xdotool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("xdotool " + String.join(" ", args) + " did not finish within " + seconds + " s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Path log(Path report) {
        return report.resolveSibling(report.getFileName() + ".log");
    }

    /** Waits until a running workbench wrote its report (it is up, logged in, and holds its workspace). */
    private static void waitForReport(Process process, Path report) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(report)) {
            if (!process.isAlive()) {
                fail("the first workbench ended (" + process.exitValue() + "); see " + log(report) + "\n" + tail(log(report)));
            }
            if (System.currentTimeMillis() > deadline) {
                fail("no self-check report within 120 s; see " + log(report) + "\n" + tail(log(report)));
            }
            Thread.sleep(250);
        }
    }

    private static int finish(Process process, Path report) throws Exception {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the product did not finish within 120 s; see " + log(report) + "\n" + tail(log(report)));
        }
        return process.exitValue();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
