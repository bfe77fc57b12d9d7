package org.chatnow.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.chatnow.protocol.Limits;
import org.chatnow.server.internal.AdminSecret;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line entry point: {@code ./chatnow server [options]}. */
@Command(name = "chatnow server", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs the ChatNow chat server until it is stopped (Ctrl+C or SIGTERM).",
    footer = {"", "The admin secret (for './chatnow cli admin ...' on this machine) is kept in <data>/" + AdminSecret.FILE_NAME + "."})
public final class Main implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, description = "chat port (default ${DEFAULT-VALUE}; 0 picks a free port)")
    int port = Limits.DEFAULT_PORT;

    @Option(names = {"-b", "--bind"}, description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all interfaces)")
    String bind = "127.0.0.1";

    @Option(names = {"-d", "--data"}, description = "data directory: database and admin secret (default ${DEFAULT-VALUE})")
    Path data = Path.of("chatnow-data");

    @Option(names = "--db-url", description = "JDBC URL of the database, e.g. jdbc:postgresql://localhost/chatnow (default: H2 in the data directory)")
    String dbUrl;

    @Option(names = "--db-user", description = "database user")
    String dbUser;

    @Option(names = "--db-password-file", description = "file holding the database password (or set CHATNOW_DB_PASSWORD)")
    Path dbPasswordFile;

    @Option(names = "--registration", description = "open: a new name with a password creates its account; closed: accounts are made by an admin (default ${DEFAULT-VALUE})")
    String registration = "open";

    @Option(names = "--max-frame-bytes", description = "largest frame a client may send (default ${DEFAULT-VALUE}, at least " + Limits.MIN_FRAME_BYTES + ")")
    int maxFrameBytes = Limits.MAX_FRAME_BYTES;

    @Option(names = "--login-timeout", description = "seconds a connection has to log in (default ${DEFAULT-VALUE})")
    int loginTimeout = 30;

    @Option(names = "--presence-list-limit", description = "users online up to which everyone is told about everyone "
        + "(default ${DEFAULT-VALUE}); above it each user hears only of the people they have private conversations with, and how many are online")
    int presenceListLimit = 1000;

    @Option(names = "--password-iterations", description = "PBKDF2 cost of new password hashes (default ${DEFAULT-VALUE}); lower only for tests and benchmarks")
    int passwordIterations = ServerConfig.DEFAULT_PASSWORD_ITERATIONS;

    @Option(names = "--file-port", description = "port of the shared folder's file service (default ${DEFAULT-VALUE}; 0 picks a free port; -1: no shared folder)")
    int filePort = Limits.DEFAULT_FILE_PORT;

    @Option(names = "--advertised-file-port", description = "file port to tell clients when port forwarding sits in front (default: the --file-port)")
    int advertisedFilePort;

    @Option(names = "--max-file-size", description = "largest file the shared folder accepts, in bytes (default ${DEFAULT-VALUE})")
    long maxFileSize = 8L << 30;

    @Option(names = "--quota", description = "bytes of the shared folder each user's uploads may take (default ${DEFAULT-VALUE})")
    long quota = 20L << 30;

    @Option(names = "--max-message-rate", description = "messages one session may send per second on average, in bursts of "
        + "five seconds' worth (default ${DEFAULT-VALUE}; 0: no limit, for benchmarks); beyond it a send is refused with rate_limited")
    int maxMessageRate = 20;

    @Option(names = "--max-connections-per-address", paramLabel = "N", description = "connections one remote address may have open at "
        + "once, chat and file connections together, loopback included (default ${DEFAULT-VALUE}; 0: no limit, e.g. behind a relay "
        + "that makes every client one address); one more is refused with too_many_connections")
    int maxConnectionsPerAddress = ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

    @Option(names = "--idle-timeout", paramLabel = "S", description = "seconds without receiving anything after which a logged-in "
        + "connection (chat or file) is sent a ping (default ${DEFAULT-VALUE})")
    int idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS;

    @Option(names = "--idle-grace", paramLabel = "S", description = "seconds a pinged connection has to answer before it is closed "
        + "with idle_timeout (default ${DEFAULT-VALUE})")
    int idleGrace = ServerConfig.DEFAULT_IDLE_GRACE_SECONDS;

    @Option(names = "--tls", description = "encrypt chat and file connections with TLS 1.3/1.2 (the default); without a certificate below, "
        + "the server makes a self-signed one on first start (kept in <data>/tls/) and prints its SHA-256 fingerprint for clients to check")
    boolean tls;

    @Option(names = "--insecure-plaintext", description = "no TLS: plain TCP, on loopback only unless --insecure-plaintext-anywhere "
        + "(for development; passwords, messages and files cross the network in clear text)")
    boolean plaintext;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain, server certificate first (e.g. certbot's fullchain.pem); implies --tls; reloaded when it changes")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "its unencrypted PEM private key (e.g. privkey.pem), readable by the server's user only")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "a PKCS#12 keystore with the key and chain instead of PEM files; implies --tls")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "file whose first line is the keystore's password")
    Path tlsKeystorePasswordFile;

    @Option(names = "--insecure-plaintext-anywhere", description = "no TLS, even on an address other machines can reach "
        + "(passwords, messages and files then cross the network in clear text); implies --insecure-plaintext")
    boolean plaintextAnywhere;

    @Option(names = "--port-file", description = "write the bound port to this file once listening (useful with --port 0)")
    Path portFile;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!registration.equals("open") && !registration.equals("closed")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--registration is 'open' or 'closed'");
        }
        boolean certificateGiven = tlsCert != null || tlsKey != null || tlsKeystore != null;
        boolean insecure = plaintext || plaintextAnywhere;
        if (insecure && (tls || certificateGiven)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--insecure-plaintext turns TLS off: it does not go with --tls, --tls-cert, --tls-key or --tls-keystore");
        }
        String dbPassword = System.getenv("CHATNOW_DB_PASSWORD");
        if (dbPasswordFile != null) {
            dbPassword = Files.readString(dbPasswordFile, StandardCharsets.UTF_8).strip();
        }
        ServerConfig config = ServerConfig.defaults().port(port).bindAddress(bind).dataDirectory(data)
            .jdbcUrl(dbUrl, dbUser, dbPassword).registrationOpen(registration.equals("open"))
            .maxFrameBytes(maxFrameBytes).loginTimeoutSeconds(loginTimeout).presenceListLimit(presenceListLimit).passwordIterations(passwordIterations)
            .filePort(filePort).advertisedFilePort(advertisedFilePort).maxFileBytes(maxFileSize).quotaBytes(quota)
            .maxMessagesPerSecond(maxMessageRate).maxConnectionsPerAddress(maxConnectionsPerAddress)
            .idleTimeoutSeconds(idleTimeout).idleGraceSeconds(idleGrace).tls(!insecure).plaintextOffLoopback(plaintextAnywhere);
        if (tlsCert != null || tlsKey != null) {
            config.tlsPem(tlsCert, tlsKey);
        }
        if (tlsKeystore != null) {
            config.tlsKeystore(tlsKeystore, tlsKeystorePasswordFile);
        }
        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("chatnow server: " + e.getMessage());
            return 1;
        }
        if (server.tlsFingerprint() != null) {
            System.out.println("TLS certificate SHA-256 fingerprint: " + server.tlsFingerprint());
        }
        if (portFile != null) {
            Path temp = Files.createTempFile(portFile.toAbsolutePath().getParent(), "port", ".tmp");
            Files.writeString(temp, server.port() + " " + server.filePort());
            Files.move(temp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "chatnow-shutdown"));
        stopped.await();
        return 0;
    }
}
