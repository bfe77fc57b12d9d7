package org.chatnow.server;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.chatnow.protocol.mina.ChatCodecFactory;
import org.chatnow.server.internal.ChatHandler;
import org.chatnow.server.internal.InMemoryMessageStore;
import org.chatnow.server.internal.InMemorySessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running ChatNow server. Start one with {@link #start(ServerConfig)}; {@link #close()} stops it. */
public final class ChatServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

    private final NioSocketAcceptor acceptor;
    private final InetSocketAddress address;

    private ChatServer(NioSocketAcceptor acceptor, InetSocketAddress address) {
        this.acceptor = acceptor;
        this.address = address;
    }

    /** Binds the chat port and starts serving; fails if the port cannot be bound. */
    public static ChatServer start(ServerConfig config) throws IOException {
        NioSocketAcceptor acceptor = new NioSocketAcceptor();
        acceptor.setReuseAddress(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setIdleTime(IdleStatus.READER_IDLE, config.loginTimeoutSeconds());
        acceptor.getFilterChain().addLast("codec", ChatCodecFactory.filter(config.maxFrameBytes()));
        acceptor.setHandler(new ChatHandler(config, new InMemorySessionRegistry(), new InMemoryMessageStore()));
        try {
            acceptor.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException | RuntimeException e) {
            acceptor.dispose(true);
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) acceptor.getLocalAddress();
        LOG.info("ChatNow server listening on {}:{}", bound.getHostString(), bound.getPort());
        return new ChatServer(acceptor, bound);
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** Stops listening and closes every session. */
    @Override
    public void close() {
        acceptor.unbind();
        acceptor.getManagedSessions().values().forEach(s -> s.closeNow());
        acceptor.dispose(true);
        LOG.info("ChatNow server on port {} stopped", address.getPort());
    }
}
