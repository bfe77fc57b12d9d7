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
import org.chatnow.server.internal.AdminSecret;
import org.chatnow.server.internal.ChatHandler;
import org.chatnow.server.internal.InMemorySessionRegistry;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.JdbcChatStore;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running ChatNow server. Start one with {@link #start(ServerConfig)}; {@link #close()} stops it. */
public final class ChatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

    private final NioSocketAcceptor acceptor;
    private final InetSocketAddress address;
    private final ChatStore store;
    private final OrderedThreadPoolExecutor workers;
    private final ExecutorService authExecutor;

    private ChatServer(NioSocketAcceptor acceptor, InetSocketAddress address, ChatStore store, OrderedThreadPoolExecutor workers,
        ExecutorService authExecutor) {
        this.acceptor = acceptor;
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
        ChatStore store;
        try {
            store = config.jdbcUrl() == null
                ? JdbcChatStore.open(JdbcChatStore.h2Url(config.dataDirectory()), null, null)
                : JdbcChatStore.open(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        } catch (StoreException e) {
            throw new IOException(e.getMessage(), e);
        }
        AtomicInteger authThreads = new AtomicInteger();
        ExecutorService authExecutor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "chatnow-auth-" + authThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        OrderedThreadPoolExecutor workers = new OrderedThreadPoolExecutor(0, 16);
        NioSocketAcceptor acceptor = new NioSocketAcceptor();
        acceptor.setReuseAddress(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setIdleTime(IdleStatus.READER_IDLE, config.loginTimeoutSeconds());
        acceptor.getFilterChain().addLast("codec", ChatCodecFactory.filter(config.maxFrameBytes()));
        acceptor.getFilterChain().addLast("workers", new ExecutorFilter(workers));
        acceptor.setHandler(new ChatHandler(config, store, new InMemorySessionRegistry(), secret, authExecutor));
        try {
            acceptor.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException | RuntimeException e) {
            acceptor.dispose(true);
            workers.shutdownNow();
            authExecutor.shutdownNow();
            store.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) acceptor.getLocalAddress();
        LOG.info("ChatNow server listening on {}:{} (data in {}, registration {})", bound.getHostString(), bound.getPort(),
            config.dataDirectory().toAbsolutePath(), config.registrationOpen() ? "open" : "closed");
        return new ChatServer(acceptor, bound, store, workers, authExecutor);
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
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
        authExecutor.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("ChatNow server on port {} stopped", address.getPort());
    }
}
