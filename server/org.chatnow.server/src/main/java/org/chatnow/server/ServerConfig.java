package org.chatnow.server;

import java.nio.file.Path;

import org.chatnow.protocol.Limits;

/**
 * How a server listens, where it keeps its data and what it accepts. Setters return this config for chaining;
 * {@link ChatServer#start(ServerConfig)} validates it.
 */
public final class ServerConfig {
    /** Connections (chat and file together) one remote address may have open at once by default. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    /** Seconds without receiving anything after which a logged-in connection gets a {@code ping}, by default. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 120;
    /** Seconds a pinged connection has to send something before it is closed, by default. */
    public static final int DEFAULT_IDLE_GRACE_SECONDS = 30;
    /** The default cost of password hashing (PBKDF2-HMAC-SHA256 iterations), the one recommended today. */
    public static final int DEFAULT_PASSWORD_ITERATIONS = 600_000;

    private String bindAddress = "127.0.0.1";
    private int port = Limits.DEFAULT_PORT;
    private Path dataDirectory = Path.of("chatnow-data");
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private boolean registrationOpen = true;
    private int passwordIterations = DEFAULT_PASSWORD_ITERATIONS;
    private int maxFrameBytes = Limits.MAX_FRAME_BYTES;
    private long maxQueuedBytesPerSession = 16L << 20;
    private int loginTimeoutSeconds = 30;
    private int presenceListLimit = 1000;
    private int resumeTokenDays = 30;
    private int filePort = Limits.DEFAULT_FILE_PORT;
    private int advertisedFilePort;
    private long maxFileBytes = 8L << 30;
    private long quotaBytes = 20L << 30;
    private boolean tls;
    private int maxMessagesPerSecond = 20;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
    private int idleGraceSeconds = DEFAULT_IDLE_GRACE_SECONDS;
    private boolean plaintextOffLoopback;
    private Path tlsCertificate;
    private Path tlsKey;
    private Path tlsKeystore;
    private Path tlsKeystorePasswordFile;
    private long tlsReloadCheckMillis = 10_000;

    public static ServerConfig defaults() {
        return new ServerConfig();
    }

    /** Address to listen on ("127.0.0.1" by default; "0.0.0.0" for every interface). */
    public ServerConfig bindAddress(String value) {
        bindAddress = value;
        return this;
    }

    /** Chat port; 0 picks a free one (see {@link ChatServer#port()}). */
    public ServerConfig port(int value) {
        port = value;
        return this;
    }

    /** Where the server keeps its database (unless {@link #jdbcUrl(String)} points elsewhere) and its admin secret. */
    public ServerConfig dataDirectory(Path value) {
        dataDirectory = value;
        return this;
    }

    /** A JDBC URL of the database (e.g. PostgreSQL); null for the H2 file database in the data directory. */
    public ServerConfig jdbcUrl(String url, String user, String password) {
        jdbcUrl = url;
        dbUser = user;
        dbPassword = password;
        return this;
    }

    /** Whether logging in with an unknown name and a password creates the account ("claim on first login"). */
    public ServerConfig registrationOpen(boolean value) {
        registrationOpen = value;
        return this;
    }

    /** PBKDF2 cost of new password hashes; lower it only for tests and benchmarks. */
    public ServerConfig passwordIterations(int value) {
        passwordIterations = value;
        return this;
    }

    /** Largest frame payload accepted from a client, at least {@link Limits#MIN_FRAME_BYTES}. */
    public ServerConfig maxFrameBytes(int value) {
        maxFrameBytes = value;
        return this;
    }

    /** A session whose unsent output exceeds this is closed as too slow. */
    public ServerConfig maxQueuedBytesPerSession(long value) {
        maxQueuedBytesPerSession = value;
        return this;
    }

    /** A connection that has not logged in this long after connecting is closed. */
    public ServerConfig loginTimeoutSeconds(int value) {
        loginTimeoutSeconds = value;
        return this;
    }

    /**
     * Users online up to which every session is told about everyone; above it, each session hears only of the users
     * it has private conversations with, and how many are online.
     */
    public ServerConfig presenceListLimit(int value) {
        presenceListLimit = value;
        return this;
    }

    /** How long a resume token stays valid. */
    public ServerConfig resumeTokenDays(int value) {
        resumeTokenDays = value;
        return this;
    }

    /** Port of the file service (the shared folder); 0 picks a free one, -1 turns the service off. */
    public ServerConfig filePort(int value) {
        filePort = value;
        return this;
    }

    /**
     * The file port clients are told to use, when a relay or port forwarding sits in front of the server; 0 (the
     * default) tells them the port the file service listens on.
     */
    public ServerConfig advertisedFilePort(int value) {
        advertisedFilePort = value;
        return this;
    }

    public int advertisedFilePort() {
        return advertisedFilePort;
    }

    /** Largest file the shared folder accepts. */
    public ServerConfig maxFileBytes(long value) {
        maxFileBytes = value;
        return this;
    }

    /** How many bytes of the shared folder one user's uploads may take. */
    public ServerConfig quotaBytes(long value) {
        quotaBytes = value;
        return this;
    }

    /**
     * Messages one session may send per second on average (bursts of five seconds' worth pass); beyond that a
     * {@code send} gets {@code rate_limited} with the seconds to wait. 0: no limit (benchmarks).
     */
    public ServerConfig maxMessagesPerSecond(int value) {
        maxMessagesPerSecond = value;
        return this;
    }

    public int maxMessagesPerSecond() {
        return maxMessagesPerSecond;
    }

    /**
     * Connections one remote address may have open at once, chat and file connections together, loopback included;
     * one more gets {@code too_many_connections} and is closed. 0: no limit (tests and benchmarks, or a relay in front
     * that makes every client one address).
     */
    public ServerConfig maxConnectionsPerAddress(int value) {
        maxConnectionsPerAddress = value;
        return this;
    }

    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * Seconds without receiving anything after which a logged-in chat connection or an authorised file connection is
     * sent a {@code ping}; if nothing arrives {@link #idleGraceSeconds(int) within the grace period} after it, the
     * connection is closed with {@code idle_timeout}.
     */
    public ServerConfig idleTimeoutSeconds(int value) {
        idleTimeoutSeconds = value;
        return this;
    }

    public int idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** Seconds a connection pinged for being idle has to send something (a {@code pong}) before it is closed. */
    public ServerConfig idleGraceSeconds(int value) {
        idleGraceSeconds = value;
        return this;
    }

    public int idleGraceSeconds() {
        return idleGraceSeconds;
    }

    /**
     * Whether both connections (chat and files) are encrypted with TLS 1.3 or 1.2. With no certificate configured the
     * server makes a self-signed one on first start and keeps it in {@code <data>/tls/}.
     */
    public ServerConfig tls(boolean value) {
        tls = value;
        return this;
    }

    /** Plain TCP on an address other machines can reach; without it a plaintext server listens on loopback only. */
    public ServerConfig plaintextOffLoopback(boolean value) {
        plaintextOffLoopback = value;
        return this;
    }

    /** The certificate chain (server certificate first, as in certbot's fullchain.pem) and its unencrypted key, PEM. */
    public ServerConfig tlsPem(Path certificateChain, Path key) {
        tlsCertificate = certificateChain;
        tlsKey = key;
        return this;
    }

    /** A PKCS#12 keystore holding the key and chain, and a file whose first line is its password (null: none). */
    public ServerConfig tlsKeystore(Path keystore, Path passwordFile) {
        tlsKeystore = keystore;
        tlsKeystorePasswordFile = passwordFile;
        return this;
    }

    /** How often the certificate's files are checked for a renewal (0: never). */
    public ServerConfig tlsReloadCheckMillis(long value) {
        tlsReloadCheckMillis = value;
        return this;
    }

    public boolean tls() {
        return tls;
    }

    public boolean plaintextOffLoopback() {
        return plaintextOffLoopback;
    }

    public Path tlsCertificate() {
        return tlsCertificate;
    }

    public Path tlsKey() {
        return tlsKey;
    }

    public Path tlsKeystore() {
        return tlsKeystore;
    }

    public Path tlsKeystorePasswordFile() {
        return tlsKeystorePasswordFile;
    }

    public long tlsReloadCheckMillis() {
        return tlsReloadCheckMillis;
    }

    public int filePort() {
        return filePort;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String dbUser() {
        return dbUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public boolean registrationOpen() {
        return registrationOpen;
    }

    public int passwordIterations() {
        return passwordIterations;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int presenceListLimit() {
        return presenceListLimit;
    }

    public long maxQueuedBytesPerSession() {
        return maxQueuedBytesPerSession;
    }

    public int loginTimeoutSeconds() {
        return loginTimeoutSeconds;
    }

    public int resumeTokenDays() {
        return resumeTokenDays;
    }

    /** Throws {@link IllegalArgumentException} naming the first setting that is out of range. */
    public void validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address missing");
        }
        if (dataDirectory == null) {
            throw new IllegalArgumentException("data directory missing");
        }
        if (maxFrameBytes < Limits.MIN_FRAME_BYTES) {
            throw new IllegalArgumentException("the frame limit must be at least " + Limits.MIN_FRAME_BYTES + " bytes");
        }
        if (loginTimeoutSeconds < 1) {
            throw new IllegalArgumentException("the login timeout must be at least one second");
        }
        if (presenceListLimit < 0) {
            throw new IllegalArgumentException("the presence list limit cannot be negative");
        }
        if (passwordIterations < 1) {
            throw new IllegalArgumentException("password iterations must be positive");
        }
        if (resumeTokenDays < 1) {
            throw new IllegalArgumentException("resume tokens must live at least a day");
        }
        if (filePort < -1 || filePort > 65535) {
            throw new IllegalArgumentException("file port out of range: " + filePort);
        }
        if (maxFileBytes < 0 || quotaBytes < 0) {
            throw new IllegalArgumentException("file limits cannot be negative");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("a TLS certificate needs its key, and a key its certificate");
        }
        if (tlsCertificate != null && tlsKeystore != null) {
            throw new IllegalArgumentException("give the TLS identity either as PEM files or as a keystore, not both");
        }
        if (!tls && (tlsCertificate != null || tlsKeystore != null)) {
            throw new IllegalArgumentException("a TLS certificate was given but TLS is off");
        }
        if (!tls && !plaintextOffLoopback && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("listening on " + bindAddress + " without TLS would send passwords and messages "
                + "in clear text over the network: turn TLS on, or say --insecure-plaintext-anywhere to do it anyway");
        }
        if (maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("the message rate cannot be negative (0: no limit)");
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("the connections per address cannot be negative (0: no limit)");
        }
        if (idleTimeoutSeconds < 1 || idleGraceSeconds < 1) {
            throw new IllegalArgumentException("the idle timeout and its grace period must be at least one second");
        }
        if (tlsReloadCheckMillis < 0) {
            throw new IllegalArgumentException("the certificate check interval cannot be negative");
        }
        if (maxQueuedBytesPerSession < maxFrameBytes) {
            throw new IllegalArgumentException("the output queue limit must hold at least one frame");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
