package org.chatnow.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.chatnow.protocol.mina.ChatCodecFactory;
import org.chatnow.protocol.mina.TlsWriteWindow;
import org.chatnow.server.internal.AdminSecret;
import org.chatnow.server.internal.ChatHandler;
import org.chatnow.server.internal.ConnectionsPerAddress;
import org.chatnow.server.internal.Deadlines;
import org.chatnow.server.internal.FileHandler;
import org.chatnow.server.internal.FileSessions;
import org.chatnow.server.internal.SharedFolder;
import org.chatnow.server.internal.InMemorySessionRegistry;
import org.chatnow.server.internal.tls.ServerIdentity;
import org.chatnow.server.internal.tls.ServerTls;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.JdbcChatStore;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running ChatNow server. Start one with {@link #start(ServerConfig)}; {@link #close()} stops it. */
public final class ChatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);
    /** Connections waiting to be accepted (the kernel caps it at net.core.somaxconn): a server restart brings everyone back at once. */
    static final int ACCEPT_BACKLOG = 4096;

    private final NioSocketAcceptor acceptor;
    private final NioSocketAcceptor fileAcceptor;
    private final InetSocketAddress address;
    private final ExecutorService diskExecutor;
    private final ChatHandler handler;
    private final ChatStore store;
    private final OrderedThreadPoolExecutor workers;
    private final ExecutorService authExecutor;
    private final ServerTls tls;
    private final Deadlines deadlines;

    private ChatServer(NioSocketAcceptor acceptor, NioSocketAcceptor fileAcceptor, InetSocketAddress address, ChatStore store,
        OrderedThreadPoolExecutor workers, ExecutorService authExecutor, ExecutorService diskExecutor, ChatHandler handler,
        Deadlines deadlines, ServerTls tls) {
        this.deadlines = deadlines;
        this.tls = tls;
        this.handler = handler;
        this.acceptor = acceptor;
        this.fileAcceptor = fileAcceptor;
        this.diskExecutor = diskExecutor;
        this.address = address;
        this.store = store;
        this.workers = workers;
        this.authExecutor = authExecutor;
    }

    /** Opens the database, binds the chat port and starts serving; fails clearly if either cannot be done. */
    public static ChatServer start(ServerConfig config) throws IOException {
        config.validate();
        Files.createDirectories(config.dataDirectory());
        AdminSecret secret = AdminSecret.load(config.dataDirectory());
        ServerTls tls = config.tls() ? ServerTls.start(tlsSource(config), config.tlsReloadCheckMillis()) : null;
        ChatStore store;
        try {
            store = config.jdbcUrl() == null
                ? JdbcChatStore.open(JdbcChatStore.h2Url(config.dataDirectory()), null, null)
                : JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        } catch (StoreException e) {
            if (tls != null) {
                tls.close();
            }
            throw new IOException(e.getMessage(), e);
        }
        AtomicInteger authThreads = new AtomicInteger();
        ExecutorService authExecutor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "chatnow-auth-" + authThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExecutorService diskExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "chatnow-disk-" + authThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        OrderedThreadPoolExecutor workers = new OrderedThreadPoolExecutor(0, 16);
        NioSocketAcceptor acceptor = new NioSocketAcceptor();
        NioSocketAcceptor fileAcceptor = config.filePort() < 0 ? null : new NioSocketAcceptor();
        ChatHandler handler = null;
        FileSessions fileSessions = new FileSessions();
        Deadlines deadlines = new Deadlines();
        ConnectionsPerAddress connections = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
        try {
            Integer filePort = null;
            SharedFolder folder = null;
            if (fileAcceptor != null) {
                folder = new SharedFolder(config.dataDirectory(), store, config.maxFileBytes(), config.quotaBytes());
                fileAcceptor.setReuseAddress(true);
                fileAcceptor.setBacklog(ACCEPT_BACKLOG);
                fileAcceptor.getSessionConfig().setTcpNoDelay(true);
                fileAcceptor.getSessionConfig().setReceiveBufferSize(1 << 20);
                fileAcceptor.getSessionConfig().setSendBufferSize(1 << 20);
                // file bytes come in large reads (fewer events, and the decoder hands each read on whole); MINA also
                // writes up to 1.5 times the largest read buffer per flush, which lets a download's regions go out in one go
                fileAcceptor.getSessionConfig().setMinReadBufferSize(4096);
                fileAcceptor.getSessionConfig().setReadBufferSize(64 * 1024);
                fileAcceptor.getSessionConfig().setMaxReadBufferSize(1 << 20);
                if (tls != null) {
                    fileAcceptor.getFilterChain().addLast("tls", tls.newFilter());
                    fileAcceptor.getFilterChain().addLast("tls-window", new TlsWriteWindow());
                }
                fileAcceptor.getFilterChain().addLast("codec", ChatCodecFactory.filter(config.maxFrameBytes()));
                fileAcceptor.setHandler(new FileHandler(config, store, folder, diskExecutor, tls != null, fileSessions, deadlines, connections));
                fileAcceptor.bind(new InetSocketAddress(config.bindAddress(), config.filePort()));
                filePort = config.advertisedFilePort() > 0 ? config.advertisedFilePort()
                    : ((InetSocketAddress) fileAcceptor.getLocalAddress()).getPort();
            }
            acceptor.setReuseAddress(true);
            acceptor.setBacklog(ACCEPT_BACKLOG);
            acceptor.getSessionConfig().setTcpNoDelay(true);
            // before the login the login deadline ends silent connections; this only ends those stuck closing
            acceptor.getSessionConfig().setIdleTime(IdleStatus.READER_IDLE, config.loginTimeoutSeconds());
            if (tls != null) {
                acceptor.getFilterChain().addLast("tls", tls.newFilter());
                acceptor.getFilterChain().addLast("tls-window", new TlsWriteWindow());
            }
            acceptor.getFilterChain().addLast("codec", ChatCodecFactory.filter(config.maxFrameBytes()));
            acceptor.getFilterChain().addLast("workers", new ExecutorFilter(workers));
            handler = new ChatHandler(config, store, new InMemorySessionRegistry(), secret, authExecutor, filePort, fileSessions, deadlines,
                connections);
            if (folder != null) {
                folder.addListener(handler::fileChanged);
            }
            acceptor.setHandler(handler);
            acceptor.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException | RuntimeException e) {
            acceptor.dispose(true);
            if (fileAcceptor != null) {
                fileAcceptor.dispose(true);
            }
            workers.shutdownNow();
            authExecutor.shutdownNow();
            diskExecutor.shutdownNow();
            if (handler != null) {
                handler.close();
            }
            deadlines.close();
            store.close();
            if (tls != null) {
                tls.close();
            }
            throw new IOException("cannot listen on " + config.bindAddress() + " (chat port " + config.port() + ", file port "
                + config.filePort() + "): " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) acceptor.getLocalAddress();
        LOG.info("ChatNow server listening on {}:{}{} (data in {}, registration {})", bound.getHostString(), bound.getPort(),
            fileAcceptor == null ? "" : ", files on port " + ((InetSocketAddress) fileAcceptor.getLocalAddress()).getPort(),
            config.dataDirectory().toAbsolutePath(), config.registrationOpen() ? "open" : "closed");
        LOG.info("{} connections per address at most; a logged-in connection silent for {} s is pinged, and closed {} s later if it "
            + "does not answer", config.maxConnectionsPerAddress() == 0 ? "no limit on the" : Integer.toString(config.maxConnectionsPerAddress()),
            config.idleTimeoutSeconds(), config.idleGraceSeconds());
        if (tls != null) {
            LOG.info("TLS on; certificate SHA-256 fingerprint {} (valid until {})", tls.fingerprint(),
                tls.identity().certificate().getNotAfter().toInstant());
        } else {
            LOG.info("TLS off: passwords, messages and files cross the network in clear text");
        }
        return new ChatServer(acceptor, fileAcceptor, bound, store, workers, authExecutor, diskExecutor, handler, deadlines, tls);
    }

    private static ServerTls.Source tlsSource(ServerConfig config) {
        if (config.tlsCertificate() != null) {
            return new ServerTls.Source.Pem(config.tlsCertificate(), config.tlsKey());
        }
        if (config.tlsKeystore() != null) {
            return new ServerTls.Source.Pkcs12(config.tlsKeystore(), config.tlsKeystorePasswordFile());
        }
        return new ServerTls.Source.SelfSigned(config.dataDirectory().resolve("tls"),
            ServerIdentity.defaultNames(java.util.List.of(config.bindAddress())));
    }

    /** The SHA-256 fingerprint of the certificate the server presents now, or null when TLS is off. */
    public String tlsFingerprint() {
        return tls == null ? null : tls.fingerprint();
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The file service's port, or -1 if it is off. */
    public int filePort() {
        return fileAcceptor == null ? -1 : ((InetSocketAddress) fileAcceptor.getLocalAddress()).getPort();
    }

    /** Stops listening, closes every session and the database. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (acceptor.isDisposed()) {
            return;
        }
        acceptor.unbind();
        acceptor.getManagedSessions().values().forEach(s -> s.closeNow());
        acceptor.dispose(true);
        if (fileAcceptor != null) {
            fileAcceptor.unbind();
            fileAcceptor.getManagedSessions().values().forEach(s -> s.closeNow());
            fileAcceptor.dispose(true);
        }
        authExecutor.shutdownNow();
        diskExecutor.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handler.close();
        deadlines.close();
        store.close();
        if (tls != null) {
            tls.close();
        }
        LOG.info("ChatNow server on port {} stopped", address.getPort());
    }
}
