package org.chatnow.client.internal;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.mina.ChatCodecFactory;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MINA implementation of {@link ChatClient}, registered as a DS component in OSGi. */
@Component(service = ChatClient.class)
public final class MinaChatClient implements ChatClient {
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int LOGIN_TIMEOUT_SECONDS = 15;
    static final int PING_INTERVAL_SECONDS = 30;
    static final String CLIENT_NAME = "ChatNow client";

    private static final Logger LOG = LoggerFactory.getLogger(MinaChatClient.class);
    private static final AttributeKey GENERATION = new AttributeKey(MinaChatClient.class, "generation");

    private record Registration(ChatListener listener, Executor executor) {
    }

    private final Object lock = new Object();
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Long>> pendingSends = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chatnow-client-timer");
        t.setDaemon(true);
        return t;
    });

    // guarded by lock
    private NioSocketConnector connector;
    private long generation;
    private IoSession session;
    private ConnectionState state = ConnectionState.OFFLINE;
    private ServerAddress server;
    private String user;
    private Frame.Login loginRequest;
    private CompletableFuture<Void> pendingLogin;
    private String kickReason;
    private final TreeSet<String> online = new TreeSet<>(Limits.USER_ORDER);
    private boolean closed;

    @Override
    public CompletableFuture<Void> connect(ServerAddress address, String userName, String password) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        long connectGeneration;
        NioSocketConnector activeConnector;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ChatException(ChatException.OFFLINE, "the client is closed"));
            }
            if (state == ConnectionState.CONNECTING || state == ConnectionState.ONLINE) {
                return CompletableFuture.failedFuture(new ChatException("busy", "already connected to " + server));
            }
            connectGeneration = ++generation;
            server = address;
            user = null;
            kickReason = null;
            loginRequest = new Frame.Login(newId(), userName, password);
            pendingLogin = result;
            activeConnector = connector();
            setState(ConnectionState.CONNECTING, "connecting to " + address);
        }
        ConnectFuture connecting = activeConnector.connect(new InetSocketAddress(address.host(), address.port()));
        connecting.addListener(f -> {
            ConnectFuture done = (ConnectFuture) f;
            if (!done.isConnected()) {
                Throwable cause = done.getException();
                String why = cause == null ? "connection failed" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
                failLogin(connectGeneration, new ChatException(ChatException.UNREACHABLE,
                    "cannot reach the server at " + address + " (" + why + ")", cause));
                return;
            }
            IoSession connected = done.getSession();
            synchronized (lock) {
                if (connectGeneration != generation) {
                    connected.closeNow();
                    return;
                }
                connected.setAttribute(GENERATION, connectGeneration);
                session = connected;
            }
            connected.write(new Frame.Hello(Limits.PROTOCOL_VERSION, CLIENT_NAME));
        });
        timer.schedule(() -> failLogin(connectGeneration, new ChatException(ChatException.TIMEOUT,
            "the server at " + address + " did not answer the login in time")), LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return result;
    }

    private NioSocketConnector connector() {
        if (connector == null) {
            connector = new NioSocketConnector(1);
            connector.setConnectTimeoutMillis(CONNECT_TIMEOUT_SECONDS * 1000L);
            connector.getSessionConfig().setTcpNoDelay(true);
            connector.getSessionConfig().setIdleTime(IdleStatus.WRITER_IDLE, PING_INTERVAL_SECONDS);
            connector.getFilterChain().addLast("codec", ChatCodecFactory.filter(Limits.MAX_FRAME_BYTES));
            connector.setHandler(new Handler());
        }
        return connector;
    }

    /** Fails the pending login of {@code loginGeneration}, if it is still pending, and goes offline. */
    private void failLogin(long loginGeneration, ChatException error) {
        CompletableFuture<Void> login;
        IoSession toClose;
        synchronized (lock) {
            if (loginGeneration != generation || pendingLogin == null) {
                return;
            }
            login = pendingLogin;
            pendingLogin = null;
            toClose = session;
            session = null;
            generation++;
            setState(ConnectionState.OFFLINE, error.getMessage());
        }
        if (toClose != null) {
            toClose.closeNow();
        }
        login.completeExceptionally(error);
    }

    @Override
    public void disconnect() {
        IoSession toClose;
        synchronized (lock) {
            toClose = session;
            session = null;
            generation++;
            if (pendingLogin != null) {
                pendingLogin.completeExceptionally(new ChatException(ChatException.OFFLINE, "disconnected before login completed"));
                pendingLogin = null;
            }
            if (state != ConnectionState.OFFLINE) {
                online.clear();
                setState(ConnectionState.OFFLINE, "disconnected");
                dispatch(l -> l.onlineUsersChanged(List.of()));
            }
        }
        failPendingSends("disconnected");
        if (toClose != null) {
            toClose.write(new Frame.Logout());
            toClose.closeOnFlush();
        }
    }

    @Override
    public CompletableFuture<Long> send(String conversation, String text) {
        IoSession current;
        synchronized (lock) {
            current = state == ConnectionState.ONLINE ? session : null;
        }
        if (current == null) {
            return CompletableFuture.failedFuture(new ChatException(ChatException.OFFLINE, "not connected"));
        }
        String id = newId();
        CompletableFuture<Long> acked = new CompletableFuture<>();
        pendingSends.put(id, acked);
        current.write(new Frame.Send(id, conversation, text));
        return acked;
    }

    @Override
    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public String user() {
        synchronized (lock) {
            return user;
        }
    }

    @Override
    public ServerAddress server() {
        synchronized (lock) {
            return server;
        }
    }

    @Override
    public List<String> onlineUsers() {
        synchronized (lock) {
            return List.copyOf(online);
        }
    }

    @Override
    public AutoCloseable addListener(ChatListener listener, Executor executor) {
        Registration registration = new Registration(listener, executor);
        listeners.add(registration);
        return () -> listeners.remove(registration);
    }

    @Deactivate
    @Override
    public void close() {
        disconnect();
        NioSocketConnector toDispose;
        synchronized (lock) {
            closed = true;
            toDispose = connector;
            connector = null;
        }
        if (toDispose != null) {
            toDispose.dispose(false);
        }
        timer.shutdownNow();
    }

    // guarded by lock
    private void setState(ConnectionState newState, String detail) {
        state = newState;
        dispatch(l -> l.stateChanged(newState, detail));
    }

    private void dispatch(Consumer<ChatListener> event) {
        for (Registration r : listeners) {
            r.executor().execute(() -> {
                try {
                    event.accept(r.listener());
                } catch (RuntimeException e) {
                    LOG.warn("a chat listener failed", e);
                }
            });
        }
    }

    private void failPendingSends(String why) {
        for (String id : new ArrayList<>(pendingSends.keySet())) {
            CompletableFuture<Long> f = pendingSends.remove(id);
            if (f != null) {
                f.completeExceptionally(new ChatException(ChatException.OFFLINE, why));
            }
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /** MINA events of the current session; events of older sessions are ignored. */
    private final class Handler extends IoHandlerAdapter {

        private boolean current(IoSession s) {
            Object g = s.getAttribute(GENERATION);
            synchronized (lock) {
                return g != null && (Long) g == generation;
            }
        }

        @Override
        public void messageReceived(IoSession s, Object message) {
            if (!current(s)) {
                return;
            }
            switch ((Frame) message) {
                case Frame.Welcome w -> {
                    Frame.Login login;
                    synchronized (lock) {
                        login = loginRequest;
                    }
                    s.write(login);
                }
                case Frame.LoginOk ok -> {
                    CompletableFuture<Void> login;
                    synchronized (lock) {
                        login = pendingLogin;
                        pendingLogin = null;
                        user = ok.user();
                        setState(ConnectionState.ONLINE, "logged in as " + ok.user() + " at " + server);
                    }
                    if (login != null) {
                        login.complete(null);
                    }
                }
                case Frame.Users u -> {
                    List<String> snapshot;
                    synchronized (lock) {
                        online.clear();
                        online.addAll(u.users());
                        snapshot = List.copyOf(online);
                        dispatch(l -> l.onlineUsersChanged(snapshot));
                    }
                }
                case Frame.Presence p -> {
                    synchronized (lock) {
                        if (Frame.Presence.OFFLINE.equals(p.status())) {
                            online.remove(p.user());
                        } else {
                            online.add(p.user());
                        }
                        List<String> snapshot = List.copyOf(online);
                        dispatch(l -> l.onlineUsersChanged(snapshot));
                    }
                }
                case Frame.Message m -> {
                    ChatMessage received = new ChatMessage(m.conversation(), m.seq(), m.from(), Instant.ofEpochMilli(m.time()), m.text());
                    synchronized (lock) {
                        dispatch(l -> l.messageReceived(received));
                    }
                }
                case Frame.Ack a -> {
                    CompletableFuture<Long> acked = pendingSends.remove(a.id());
                    if (acked != null) {
                        acked.complete(a.seq());
                    }
                }
                case Frame.Kicked k -> {
                    synchronized (lock) {
                        kickReason = k.reason();
                    }
                }
                case Frame.Error e -> onError(s, e);
                case Frame.Pong p -> {
                    // the connection is alive; nothing else to do
                }
                default -> LOG.warn("ignoring unexpected {} from the server", message.getClass().getSimpleName());
            }
        }

        private void onError(IoSession s, Frame.Error e) {
            ChatException error = new ChatException(e.code(), e.message());
            CompletableFuture<Long> failedSend = e.id() == null ? null : pendingSends.remove(e.id());
            if (failedSend != null) {
                failedSend.completeExceptionally(error);
                return;
            }
            long loginGeneration;
            boolean forLogin;
            synchronized (lock) {
                loginGeneration = generation;
                forLogin = pendingLogin != null;
            }
            if (forLogin) {
                failLogin(loginGeneration, error);
            } else {
                LOG.warn("server error {}: {}", e.code(), e.message());
            }
        }

        @Override
        public void sessionIdle(IoSession s, IdleStatus status) {
            if (current(s)) {
                s.write(new Frame.Ping(newId()));
            }
        }

        @Override
        public void sessionClosed(IoSession s) {
            CompletableFuture<Void> login;
            synchronized (lock) {
                if (s.getAttribute(GENERATION) == null || (Long) s.getAttribute(GENERATION) != generation) {
                    return;
                }
                generation++;
                session = null;
                login = pendingLogin;
                pendingLogin = null;
                online.clear();
                dispatch(l -> l.onlineUsersChanged(List.of()));
                if (kickReason != null) {
                    setState(ConnectionState.KICKED, kickReason);
                } else {
                    setState(ConnectionState.OFFLINE, "the connection to " + server + " was lost");
                }
            }
            if (login != null) {
                login.completeExceptionally(new ChatException(ChatException.UNREACHABLE, "the server closed the connection"));
            }
            failPendingSends("the connection was lost");
        }

        @Override
        public void exceptionCaught(IoSession s, Throwable cause) {
            LOG.debug("connection error", cause);
            s.closeNow();
        }
    }
}
