package org.chatnow.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.chatnow.client.ServerAddress;
import org.chatnow.server.ChatServer;
import org.chatnow.server.ServerConfig;
import org.chatnow.testkit.ServerProcess;

/**
 * The server under test: started in this JVM ({@link ChatServer}), started as a process of its own
 * ({@link ServerProcess}, so that its CPU time and memory can be measured apart from the load generator's), or an
 * external server named with {@code --server host:port}.
 */
final class Target implements AutoCloseable {
    enum Kind {
        IN_PROCESS("in-process"), PROCESS("process"), EXTERNAL("external");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** How the scenario wants a server it starts itself. */
    static final class Settings {
        int passwordIterations = 1000;
        int loginTimeoutSeconds = 30;
        boolean files;
        /** Runs on the (not yet started) server's data directory before the server starts, e.g. to seed the database. */
        SeedStep seed;
    }

    @FunctionalInterface
    interface SeedStep {
        void seed(Path dataDirectory) throws Exception;
    }

    final Kind kind;
    final String host;
    final int port;
    final int filePort;
    final Path data;
    final long pid;
    private final boolean deleteData;
    private ChatServer server;
    private ServerProcess process;
    private ServerJvm jvm;

    private Target(Kind kind, String host, int port, int filePort, Path data, long pid, boolean deleteData) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.filePort = filePort;
        this.data = data;
        this.pid = pid;
        this.deleteData = deleteData;
    }

    static Target start(CommonOptions options, boolean processByDefault, Settings settings) throws Exception {
        if (options.server != null) {
            ServerAddress address = ServerAddress.parse(options.server);
            return new Target(Kind.EXTERNAL, address.host(), address.port(), -1, null, -1, false);
        }
        boolean asProcess = options.inProcess ? false : options.serverProcess || processByDefault;
        Path data = options.data != null ? options.data : Files.createTempDirectory("chatnow-bench-");
        Files.createDirectories(data);
        boolean delete = options.data == null && !options.keepData;
        if (settings.seed != null) {
            settings.seed.seed(data);
        }
        if (asProcess) {
            List<String> args = new ArrayList<>(List.of("--password-iterations", Integer.toString(settings.passwordIterations),
                "--login-timeout", Integer.toString(settings.loginTimeoutSeconds)));
            if (!settings.files) {
                args.addAll(List.of("--file-port", "-1"));
            }
            ServerProcess process = ServerProcess.start(data, args.toArray(String[]::new));
            long pid = ProcessHandle.current().children()
                .filter(h -> h.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            Target target = new Target(Kind.PROCESS, "127.0.0.1", process.port(), process.filePort(), data, pid, delete);
            target.process = process;
            return target;
        }
        ServerConfig config = ServerConfig.defaults().port(0).bindAddress("127.0.0.1").dataDirectory(data)
            .passwordIterations(settings.passwordIterations).loginTimeoutSeconds(settings.loginTimeoutSeconds)
            .filePort(settings.files ? 0 : -1).maxMessagesPerSecond(0)
            .maxConnectionsPerAddress(0); // thousands of simulated users, all from loopback
        ChatServer server = ChatServer.start(config);
        Target target = new Target(Kind.IN_PROCESS, "127.0.0.1", server.port(), server.filePort(), data,
            ProcessHandle.current().pid(), delete);
        target.server = server;
        return target;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    ServerAddress serverAddress() {
        return new ServerAddress(host, port);
    }

    /** True when the server runs in a process of its own on this machine, so its CPU and memory are its own. */
    boolean separateProcess() {
        return kind == Kind.PROCESS;
    }

    /** The server JVM's management beans (this JVM's when in-process); null for an external server. */
    ServerJvm jvm() throws IOException {
        if (jvm == null && kind != Kind.EXTERNAL) {
            jvm = kind == Kind.IN_PROCESS ? ServerJvm.local() : ServerJvm.attach(pid);
        }
        return jvm;
    }

    /** A new connection to the server JVM's beans (after a long busy spell JMX may have dropped the old one). */
    ServerJvm freshJvm() throws IOException {
        if (jvm != null && kind == Kind.PROCESS) {
            jvm.close();
            jvm = null;
        }
        return jvm();
    }

    /** CPU seconds the server process has used (this whole JVM when in-process), or NaN. */
    double cpuSeconds() {
        if (pid <= 0) {
            return Double.NaN;
        }
        long ticks = Proc.cpuTicks(pid);
        return ticks < 0 ? Double.NaN : ticks / (double) Proc.TICKS_PER_SECOND;
    }

    /**
     * Waits until the server has been (nearly) idle for a quarter of a second, at most {@code maxSeconds}: lets work
     * such as presence broadcasts after a wave of logins finish before the next measurement.
     */
    void awaitQuiet(double maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        if (pid <= 0) {
            Thread.sleep(1000);
            return;
        }
        while (System.nanoTime() < deadline) {
            double before = cpuSeconds();
            Thread.sleep(250);
            if (cpuSeconds() - before < 0.03) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
        if (server != null) {
            server.close();
        }
        if (process != null) {
            process.close();
        }
        if (deleteData && data != null) {
            deleteTree(data);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
