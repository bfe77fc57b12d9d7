package org.chatnow.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from the machine's PostgreSQL binaries (Debian: package postgresql),
 * in a cluster of its own under /tmp, on a free loopback port. PostgreSQL refuses to run as root, so when the tests
 * run as root the cluster belongs to the {@code postgres} user. Started once per test JVM; each caller gets a fresh
 * database.
 */
public final class PostgresTestDatabase {
    private static PostgresTestDatabase instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path directory;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresTestDatabase(Path directory, Path bin, int port, boolean asPostgresUser) {
        this.directory = directory;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Whether the tests must run on PostgreSQL (system property chatnow.postgres: "required", the default, or "skip"). */
    public static boolean wanted() {
        return !"skip".equals(System.getProperty("chatnow.postgres", "required"));
    }

    /** The shared server, started on first use. */
    public static synchronized PostgresTestDatabase get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = start();
            PostgresTestDatabase started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-stop"));
        }
        return instance;
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> p.getParent().getFileName().toString(), Comparator.comparingInt(PostgresTestDatabase::version)));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IOException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Install it "
            + "(apt-get install postgresql) or run the tests with -Dchatnow.postgres=skip to test on H2 only.");
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static PostgresTestDatabase start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("chatnow-pg-");
        int port = org.chatnow.testkit.FreePorts.port();
        PostgresTestDatabase db = new PostgresTestDatabase(directory, bin, port, root);
        if (root) {
            run(List.of("chown", "postgres:postgres", directory.toString()), false);
        }
        Path data = directory.resolve("data");
        db.runAsOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "chatnow", "--auth=trust",
            "-E", "UTF8", "--locale=C"));
        db.runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("server.log").toString(),
            "-w", "-t", "60", "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return db;
    }

    private void runAsOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (check && process.exitValue() != 0) {
            throw new IOException("failed (" + process.exitValue() + "): " + String.join(" ", command) + "\n" + output);
        }
    }

    /** A new, empty database's JDBC URL (user "chatnow", no password). */
    public String newDatabase() throws SQLException {
        String name = "chatnow_test_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "chatnow", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void stop() {
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (IOException | InterruptedException e) {
            // the JVM is ending; the cluster directory is removed below either way
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
