package org.chatnow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ChatNow server in a process of its own, as users run it: started from the server's class path (system property
 * {@code chatnow.server.classpath}, else this JVM's class path), on a free port unless told otherwise, with its data
 * in a directory of the caller's. It can be stopped politely, killed with SIGKILL, and started again on the same
 * port and data.
 */
public final class ServerProcess implements AutoCloseable {
    /** System property naming the class path of the server (its jar and dependencies). */
    public static final String CLASSPATH_PROPERTY = "chatnow.server.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final List<String> options;
    private Process process;
    private int port;
    private int filePort;

    private ServerProcess(Path dataDirectory, List<String> options) {
        this.dataDirectory = dataDirectory;
        this.options = List.copyOf(options);
    }

    /**
     * Starts a server keeping its data in {@code dataDirectory}; {@code options} are extra command-line options
     * (e.g. "--registration", "closed"). Password hashing is made cheap unless options set it. The server speaks plain
     * TCP on loopback unless the options ask for TLS ({@code --tls}, a certificate): most tests are about something else,
     * and the TLS tests say so.
     */
    public static ServerProcess start(Path dataDirectory, String... options) throws IOException {
        ServerProcess server = new ServerProcess(dataDirectory, List.of(options));
        server.launch(0, 0);
        return server;
    }

    private void launch(int requestedPort, int requestedFilePort) throws IOException {
        Files.createDirectories(dataDirectory);
        Path portFile = dataDirectory.resolve("server.port");
        Files.deleteIfExists(portFile);
        String classpath = System.getProperty(CLASSPATH_PROPERTY, System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-XX:+UseSerialGC", "-cp", classpath, "org.chatnow.server.Main",
            "--port", Integer.toString(requestedPort), "--data", dataDirectory.toString(),
            "--port-file", portFile.toString()));
        if (!options.contains("--file-port")) {
            command.addAll(List.of("--file-port", Integer.toString(requestedFilePort)));
        }
        if (!options.contains("--max-message-rate")) {
            // tests and benchmarks send faster than people; the flood limit has tests of its own
            command.addAll(List.of("--max-message-rate", "0"));
        }
        if (!tls()) {
            command.add("--insecure-plaintext");
        }
        if (!options.contains("--max-connections-per-address")) {
            // every client of a test or benchmark connects from loopback; the limit has tests of its own
            command.addAll(List.of("--max-connections-per-address", "0"));
        }
        if (!options.contains("--password-iterations")) {
            command.addAll(List.of("--password-iterations", "1000"));
        }
        command.addAll(options);
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("server.log").toFile()))
            .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(portFile)) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + "; see " + dataDirectory.resolve("server.log")
                    + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the server did not start within " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the server", e);
            }
        }
        String[] ports = Files.readString(portFile, StandardCharsets.UTF_8).strip().split(" ");
        port = Integer.parseInt(ports[0]);
        filePort = ports.length > 1 ? Integer.parseInt(ports[1]) : -1;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("server.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    /** Whether the server speaks TLS (its options asked for it). */
    public boolean tls() {
        return options.stream().anyMatch(o -> o.equals("--tls") || o.startsWith("--tls-"));
    }

    /**
     * The SHA-256 fingerprint of the server's certificate as it printed it on start (what a user compares), or null
     * without TLS.
     */
    public String tlsFingerprint() {
        if (!tls()) {
            return null;
        }
        String prefix = "TLS certificate SHA-256 fingerprint: ";
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("server.log"), StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(prefix)) {
                    return lines.get(i).substring(prefix.length()).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("the server printed no certificate fingerprint:\n" + tail());
    }

    /** The port of the server's file service (the shared folder), or -1 if it has none. */
    public int filePort() {
        return filePort;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's admin secret (from its data directory). */
    public String adminSecret() {
        try {
            return Files.readString(dataDirectory.resolve("admin.secret"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operating system's id of the server process (while it runs). */
    public long pid() {
        return process.pid();
    }

    /** How many file descriptors the server process has open now (Linux: the entries of /proc/PID/fd). */
    public int openFileDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) entries.count();
        }
    }

    /** The names of the server process's threads now (Linux: /proc/PID/task/TID/comm, at most 15 characters each). */
    public List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    names.add(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip());
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            }
        }
        return names;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL): no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the server as Ctrl+C would. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on the same port and data directory (after {@link #kill()} or {@link #stop()}). */
    public void restart() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                launch(port, Math.max(filePort, 0));
                return;
            } catch (IOException e) {
                // the port may linger for a moment after a kill
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
