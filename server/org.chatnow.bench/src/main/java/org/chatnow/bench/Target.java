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
    final BenchTransport transport;
    /** The generator's TLS, trusting the server's certificate; null for plain TCP. */
    final BenchTls tls;
    private final boolean deleteData;
    private ChatServer server;
    private ServerProcess process;
    private ServerJvm jvm;

    private Target(Kind kind, String host, int port, int filePort, Path data, long pid, boolean deleteData, BenchTls tls) {
        this.kind = kind;
        this.tls = tls;
        this.transport = tls == null ? BenchTransport.PLAIN : BenchTransport.TLS;
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
            BenchTls tls = null;
            if (options.transport == BenchTransport.TLS) {
                if (options.tlsFingerprint == null) {
                    throw new IllegalArgumentException("--transport tls with --server needs --tls-fingerprint (the server prints it)");
                }
                tls = new BenchTls(options.tlsFingerprint);
            }
            return new Target(Kind.EXTERNAL, address.host(), address.port(), -1, null, -1, false, tls);
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
            args.addAll(options.transport.serverArgs());
            ServerProcess process = ServerProcess.start(data, args.toArray(String[]::new));
            long pid = ProcessHandle.current().children()
                .filter(h -> h.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            BenchTls tls = null;
            try {
                tls = options.transport == BenchTransport.TLS ? new BenchTls(selfSignedFingerprint(data)) : null;
            } catch (IOException | RuntimeException e) {
                process.close();
                throw e;
            }
            Target target = new Target(Kind.PROCESS, "127.0.0.1", process.port(), process.filePort(), data, pid, delete, tls);
            target.process = process;
            return target;
        }
        ServerConfig config = ServerConfig.defaults().port(0).bindAddress("127.0.0.1").dataDirectory(data)
            .passwordIterations(settings.passwordIterations).loginTimeoutSeconds(settings.loginTimeoutSeconds)
            .filePort(settings.files ? 0 : -1).maxMessagesPerSecond(0)
            .maxConnectionsPerAddress(0); // thousands of simulated users, all from loopback
        ChatServer server = ChatServer.start(options.transport.configure(config));
        BenchTls tls = server.tlsFingerprint() == null ? null : new BenchTls(server.tlsFingerprint());
        if ((tls != null) != (options.transport == BenchTransport.TLS)) {
            server.close();
            throw new IllegalStateException("asked for " + options.transport.label() + " but the server started "
                + (tls == null ? "without" : "with") + " TLS");
        }
        Target target = new Target(Kind.IN_PROCESS, "127.0.0.1", server.port(), server.filePort(), data,
            ProcessHandle.current().pid(), delete, tls);
        target.server = server;
        return target;
    }

    /**
     * The fingerprint of the self-signed certificate a server process made in its data directory on first start
     * ({@code <data>/tls/server.crt}); the server prints the same on its output.
     */
    static String selfSignedFingerprint(Path data) throws IOException {
        Path certificate = data.resolve("tls").resolve(org.chatnow.server.internal.tls.ServerIdentity.SELF_SIGNED_CERT);
        if (!Files.exists(certificate)) {
            throw new IOException("the server was asked for TLS but made no certificate in " + certificate.getParent());
        }
        return BenchTls.fingerprintOf(certificate);
    }

    /** Sets {@code client} to this server's transport (pinning its certificate over TLS); returns it. */
    org.chatnow.client.ChatClient configure(org.chatnow.client.ChatClient client) {
        if (tls != null) {
            org.chatnow.client.KnownServers pins = org.chatnow.client.KnownServers.inMemory();
            pins.pin(serverAddress(), tls.fingerprint());
            client.setKnownServers(pins);
            client.setTransport(org.chatnow.client.Transport.TLS);
        } else {
            client.setTransport(org.chatnow.client.Transport.PLAINTEXT);
        }
        return client;
    }

    /** The load generator for this server: over TLS when the server speaks it. */
    RawNet net(int threads) throws IOException {
        return new RawNet(threads, tls);
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
