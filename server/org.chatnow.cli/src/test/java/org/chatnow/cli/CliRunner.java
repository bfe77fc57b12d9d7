package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.chatnow.testkit.ServerProcess;

/**
 * Runs the command line in this JVM, as {@code ./chatnow cli} would run it, against a server on loopback: with its
 * own environment (the password comes from CHATNOW_PASSWORD), standard input, and captured output. For a TLS server
 * the environment's config folder holds a known-servers file with the server's certificate pinned, as after a user's
 * first {@code --trust}; a plain TCP server gets {@code --insecure-plaintext}.
 */
final class CliRunner {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);

    private final int port;
    private final boolean tls;
    private final Path config;

    CliRunner(ServerProcess server) {
        this.port = server.port();
        this.tls = server.tls();
        try {
            config = Files.createTempDirectory("chatnow-cli-config");
            if (tls) {
                Files.createDirectories(config.resolve("chatnow"));
                Files.writeString(config.resolve("chatnow").resolve("known-servers"),
                    "127.0.0.1:" + port + " " + server.tlsFingerprint() + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of one run: exit code and what it printed. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        List<JsonNode> json() {
            return lines().stream().map(CliRunner::parse).toList();
        }

        Result expect(int code) {
            assertEquals(code, exit, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** The environment of a user whose password is {@code password}. */
    Map<String, String> as(String password) {
        Map<String, String> env = new HashMap<>();
        env.put("CHATNOW_SERVER", "127.0.0.1:" + port);
        env.put("XDG_CONFIG_HOME", config.toString());
        if (password != null) {
            env.put("CHATNOW_PASSWORD", password);
        }
        return env;
    }

    /** Runs {@code args} as {@code user} (password "pw-" + user). */
    Result user(String user, String... args) {
        return run(as("pw-" + user), "", withUser(user, args));
    }

    static String[] withUser(String user, String... args) {
        List<String> all = new ArrayList<>(List.of("--user", user));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** {@code args} with the transport of this runner's server, unless they choose one. */
    private String[] transport(String[] args) {
        if (tls || List.of(args).contains("--tls") || List.of(args).contains("--insecure-plaintext")) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("--insecure-plaintext"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    Result run(Map<String, String> env, String stdin, String... given) {
        String[] args = transport(given);
        Lines out = new Lines();
        Lines err = new Lines();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, env, null);
        int exit = Main.run(args, terminal);
        return new Result(exit, out.text(), err.text());
    }

    /** Starts a long-running command (listen) in a thread of its own. */
    Running start(Map<String, String> env, String... given) {
        String[] args = transport(given);
        Lines out = new Lines();
        Lines err = new Lines();
        Terminal terminal = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8, env, null);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                exit.complete(Main.run(args, terminal));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        }, "cli " + String.join(" ", args));
        thread.setDaemon(true);
        thread.start();
        return new Running(thread, exit, out, err);
    }

    /** A command running in the background; its output so far, and ways to wait for more. */
    record Running(Thread thread, CompletableFuture<Integer> exit, Lines out, Lines err) {

        /** Waits for a JSON line matching {@code test} and returns it. */
        JsonNode awaitJson(Predicate<JsonNode> test) {
            return awaitJson(test, 1);
        }

        /** Waits for the {@code occurrence}th JSON line matching {@code test} and returns it. */
        JsonNode awaitJson(Predicate<JsonNode> test, int occurrence) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                int seen = 0;
                for (String line : out.lines()) {
                    JsonNode node = parse(line);
                    if (test.test(node) && ++seen == occurrence) {
                        return node;
                    }
                }
                if (exit.isDone()) {
                    break;
                }
                sleep(20);
            }
            return fail("no such line within " + WAIT.toSeconds() + " s; stdout:\n" + out.text() + "\nstderr:\n" + err.text());
        }

        /** Waits until it is logged in and caught up (its JSON state line says online). */
        Running awaitOnline() {
            return awaitOnline(1);
        }

        /** Waits for the {@code login}th "online" state line: the first login, or a later one after reconnecting. */
        Running awaitOnline(int login) {
            awaitJson(n -> "state".equals(n.path("type").asText()) && "online".equals(n.path("state").asText()), login);
            return this;
        }

        List<JsonNode> json() {
            return out.lines().stream().map(CliRunner::parse).toList();
        }

        List<JsonNode> messages() {
            return json().stream().filter(n -> "message".equals(n.path("type").asText())).toList();
        }

        /** Waits for the command to end by itself and returns its exit code. */
        int awaitExit() throws Exception {
            try {
                return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                thread.interrupt();
                return fail("still running after " + WAIT.toSeconds() + " s; stdout:\n" + out.text() + "\nstderr:\n" + err.text());
            }
        }

        /** Stops it as Ctrl+C does and returns its exit code. */
        int stop() throws Exception {
            thread.interrupt();
            return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A writer that keeps what was written, readable line by line while it is being written. */
    static final class Lines extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return text.toString();
        }

        /** The complete lines so far. */
        synchronized List<String> lines() {
            int end = text.lastIndexOf("\n");
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
        }
    }
}
