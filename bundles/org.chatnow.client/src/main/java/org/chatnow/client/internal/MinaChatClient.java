package org.chatnow.client.internal;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLException;

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
import org.chatnow.client.ConnectionSecurity;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.HistoryPage;
import org.chatnow.client.KnownServers;
import org.chatnow.client.Presence;
import org.chatnow.client.RoomInfo;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.client.UserPresence;
import org.chatnow.protocol.mina.TlsWriteWindow;
import org.chatnow.protocol.ErrorCodes;
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
    static final long BACKOFF_INITIAL_MILLIS = 500;
    static final long BACKOFF_MAX_MILLIS = 30_000;
    static final String CLIENT_NAME = "ChatNow client";

    private static final Logger LOG = LoggerFactory.getLogger(MinaChatClient.class);
    private static final AttributeKey GENERATION = new AttributeKey(MinaChatClient.class, "generation");
    /** What broke a connection (e.g. a failed TLS handshake), to say so when it closes. */
    private static final AttributeKey FAILURE = new AttributeKey(MinaChatClient.class, "failure");
    private static final AttributeKey WELCOMED = new AttributeKey(MinaChatClient.class, "welcomed");
    /** An error the server closes the connection after: it says why the connection was lost. */
    private static final AttributeKey CLOSING_ERROR = new AttributeKey(MinaChatClient.class, "closingError");
    private static final java.util.Set<String> CLOSING_CODES = java.util.Set.of(ErrorCodes.TOO_MANY_CONNECTIONS, ErrorCodes.IDLE_TIMEOUT,
        ErrorCodes.SLOW_CONSUMER);

    private record Registration(ChatListener listener, Executor executor) {
    }

    /**
     * A message waiting for its ack; {@code written} is false until it went out on the current connection,
     * {@code wentOut} stays true once it went out on any (the server may have it: too late to cancel).
     */
    private static final class Pending {
        final String conversation;
        final String text;
        final CompletableFuture<Long> acked = new CompletableFuture<>();
        boolean written;
        boolean wentOut;

        Pending(String conversation, String text) {
            this.conversation = conversation;
            this.text = text;
        }
    }

    private final Object lock = new Object();
    private final List<Registration> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chatnow-client-timer");
        t.setDaemon(true);
        return t;
    });

    private final SystemTrust systemTrust;

    // all guarded by lock
    private NioSocketConnector connector;
    /** The transport {@link #connector} was made for. */
    private Transport connectorTransport;
    /** What the next connect() uses. */
    private Transport transport = Transport.DEFAULT;
    /** What the current server's connections use: fixed by connect(), kept by reconnects. */
    private Transport sessionTransport = Transport.DEFAULT;
    private KnownServers knownServers = KnownServers.inMemory();
    /** The current connection's protection, known from the server's welcome on. */
    private ConnectionSecurity security;
    /** The certificate the chat connection last verified: file connections accept this one only. */
    private String verifiedFingerprint;
    /** Why a reconnect ended OFFLINE; see {@link #reconnectFailure()}. */
    private ChatException reconnectFailure;
    private long generation;
    private IoSession session;
    private ConnectionState state = ConnectionState.OFFLINE;
    private ServerAddress server;
    private String user;
    private String password;
    private String token;
    private String loginId;
    private CompletableFuture<Void> pendingLogin;
    /** The connect() of a login that succeeded but whose replay is not over yet: it completes with 'synced'. */
    private CompletableFuture<Void> awaitingSync;
    private String kickReason;
    private int attempt;
    private Instant nextReconnect;
    private ScheduledFuture<?> reconnectTask;
    private boolean replaying;
    private boolean away;
    private boolean closed;
    private int filePort = -1;
    private final MinaSharedFiles files = new MinaSharedFiles(this::fileAccess, timer);
    private final TreeMap<String, Presence> online = new TreeMap<>(Limits.USER_ORDER);
    /** Users online on the server: more than {@link #online} holds when the server sends partial presence. */
    private int onlineCount;
    private boolean usersPartial;
    private final Map<String, Long> have = new HashMap<>();
    private final TreeMap<String, ConversationInfo> conversations = new TreeMap<>();
    private final LinkedHashMap<String, Pending> outbox = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<Frame>> requests = new HashMap<>();

    /** A client that trusts what the JDK's trust store trusts (and what is pinned). */
    public MinaChatClient() {
        this(null);
    }

    /**
     * A client whose system trust path uses {@code trustAnchors} in place of the JDK's trust store: tests with their
     * own certificate authority, or a deployment that trusts only its company's CA. Null: the JDK's.
     */
    public MinaChatClient(java.security.KeyStore trustAnchors) {
        this.systemTrust = new SystemTrust(trustAnchors);
    }

    // ---------------------------------------------------------------- connecting

    @Override
    public CompletableFuture<Void> connect(ServerAddress address, String userName, String userPassword) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new ChatException(ChatException.OFFLINE, "the client is closed"));
            }
            if (state == ConnectionState.CONNECTING || state == ConnectionState.ONLINE || state == ConnectionState.RECONNECTING) {
                return CompletableFuture.failedFuture(new ChatException("busy", "already connected to " + server + "; disconnect first"));
            }
            if (!address.equals(server) || !userName.equals(user)) {
                have.clear();
                conversations.clear();
            }
            if (!address.equals(server)) {
                verifiedFingerprint = null;
            }
            sessionTransport = transport;
            reconnectFailure = null;
            server = address;
            user = userName;
            password = userPassword;
            token = null;
            pendingLogin = result;
            attempt = 0;
            open(ConnectionState.CONNECTING, "connecting to " + address);
        }
        return result;
    }

    /** Opens a new connection attempt; called with the lock held. */
    private void open(ConnectionState newState, String detail) {
        long attemptGeneration = ++generation;
        kickReason = null;
        loginId = newId();
        nextReconnect = null;
        setState(newState, detail);
        ServerAddress target = server;
        KnownServers pins = knownServers;
        TlsPeer peer = sessionTransport == Transport.TLS ? new TlsPeer(target, systemTrust, () -> pins.pinned(target),
                refused -> timer.execute(() -> attemptFailed(attemptGeneration, refused))) : null;
        ConnectFuture connecting = connector().connect(new InetSocketAddress(server.host(), server.port()), (s, f) -> {
            // before the session opens: the TLS filter needs its peer when it starts the handshake
            s.setAttribute(GENERATION, attemptGeneration);
            if (peer != null) {
                peer.attachTo(s);
            }
        });
        connecting.addListener(f -> {
            ConnectFuture done = (ConnectFuture) f;
            if (!done.isConnected()) {
                Throwable cause = done.getException();
                String why = cause == null ? "connection failed" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
                attemptFailed(attemptGeneration, new ChatException(ChatException.UNREACHABLE,
                    "cannot reach the server at " + target + " (" + why + ")", cause));
                return;
            }
            IoSession connected = done.getSession();
            synchronized (lock) {
                if (attemptGeneration != generation) {
                    connected.closeNow();
                    return;
                }
                connected.setAttribute(GENERATION, attemptGeneration);
                session = connected;
            }
            connected.write(new Frame.Hello(Limits.PROTOCOL_VERSION, CLIENT_NAME));
        });
        timer.schedule(() -> attemptFailed(attemptGeneration, new ChatException(ChatException.TIMEOUT,
            "the server at " + target + " did not answer the login in time")), LOGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The connector for {@link #sessionTransport}; called with the lock held. */
    private NioSocketConnector connector() {
        if (connector != null && connectorTransport != sessionTransport) {
            connector.dispose(false); // only between logins: no connection of this client is open
            connector = null;
        }
        if (connector == null) {
            connectorTransport = sessionTransport;
            connector = new NioSocketConnector(1);
            connector.setConnectTimeoutMillis(CONNECT_TIMEOUT_SECONDS * 1000L);
            connector.getSessionConfig().setTcpNoDelay(true);
            connector.getSessionConfig().setIdleTime(IdleStatus.WRITER_IDLE, PING_INTERVAL_SECONDS);
            if (connectorTransport == Transport.TLS) {
                connector.getFilterChain().addLast("tls", new ClientTlsFilter());
                connector.getFilterChain().addLast("tls-window", new TlsWriteWindow());
            }
            connector.getFilterChain().addLast("codec", ChatCodecFactory.filter(Limits.MAX_FRAME_BYTES));
            connector.setHandler(new Handler());
        }
        return connector;
    }

    /** A connection attempt of {@code attemptGeneration} failed before going online. */
    private void attemptFailed(long attemptGeneration, ChatException error) {
        CompletableFuture<Void> login = null;
        List<Runnable> completions = new ArrayList<>();
        IoSession toClose;
        synchronized (lock) {
            if (attemptGeneration != generation || state == ConnectionState.ONLINE) {
                return;
            }
            toClose = session;
            session = null;
            generation++;
            security = null;
            boolean authRefused = ErrorCodes.AUTH_FAILED.equals(error.code()) || ErrorCodes.BANNED.equals(error.code())
                || ErrorCodes.INVALID_NAME.equals(error.code()) || ErrorCodes.WEAK_PASSWORD.equals(error.code());
            // retrying cannot make a certificate trusted, and must never wear the user down into accepting it
            boolean untrusted = error instanceof UntrustedServerException;
            if (pendingLogin != null) {
                login = pendingLogin;
                pendingLogin = null;
                token = null;
                setState(ConnectionState.OFFLINE, error.getMessage());
            } else if (state == ConnectionState.RECONNECTING && authRefused && token != null && password != null
                && ErrorCodes.AUTH_FAILED.equals(error.code())) {
                token = null; // the saved session is gone: log in with the password instead
                open(ConnectionState.RECONNECTING, "logging in again");
            } else if (state == ConnectionState.RECONNECTING && !authRefused && !untrusted) {
                scheduleReconnect(error.getMessage());
            } else {
                if (!untrusted) {
                    token = null; // refused: a pin and reconnect() may still resume the session
                }
                reconnectFailure = error;
                failOutbox(completions, error.getMessage());
                setState(ConnectionState.OFFLINE, error.getMessage());
            }
        }
        if (toClose != null) {
            toClose.closeNow();
        }
        if (login != null) {
            login.completeExceptionally(error);
        }
        completions.forEach(Runnable::run);
    }

    /** Schedules the next reconnect attempt with exponential backoff and jitter; called with the lock held. */
    private void scheduleReconnect(String why) {
        long ceiling = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_INITIAL_MILLIS << Math.min(attempt, 16));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        attempt++;
        nextReconnect = Instant.now().plusMillis(delay);
        long scheduledGeneration = generation;
        reconnectTask = timer.schedule(() -> {
            synchronized (lock) {
                if (state == ConnectionState.RECONNECTING && generation == scheduledGeneration) {
                    open(ConnectionState.RECONNECTING, "reconnecting to " + server);
                }
            }
        }, delay, TimeUnit.MILLISECONDS);
        setState(ConnectionState.RECONNECTING, (why == null ? "connection lost" : why) + "; retrying in "
            + Math.max(1, Math.round(delay / 1000.0)) + " s");
    }

    @Override
    public void reconnect() {
        synchronized (lock) {
            if (closed || server == null || user == null) {
                return;
            }
            switch (state) {
                case ONLINE, CONNECTING -> {
                    return;
                }
                case RECONNECTING -> {
                    if (reconnectTask != null) {
                        reconnectTask.cancel(false);
                    }
                    if (session != null) {
                        return; // an attempt is under way
                    }
                }
                case OFFLINE, KICKED -> {
                    if (token == null && password == null) {
                        return;
                    }
                }
                default -> {
                    // no other state
                }
            }
            attempt = 0;
            open(ConnectionState.RECONNECTING, "reconnecting to " + server);
        }
    }

    @Override
    public void disconnect() {
        IoSession toClose;
        List<Runnable> completions = new ArrayList<>();
        CompletableFuture<Void> login;
        synchronized (lock) {
            toClose = session;
            session = null;
            generation++;
            token = null;
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
            nextReconnect = null;
            security = null;
            reconnectFailure = null;
            login = pendingLogin;
            pendingLogin = null;
            if (login == null) {
                login = awaitingSync;
            }
            awaitingSync = null;
            failOutbox(completions, "disconnected");
            failRequests(completions, "disconnected");
            if (state != ConnectionState.OFFLINE) {
                clearUsers();
                dispatch(l -> l.onlineUsersChanged(List.of()));
                setState(ConnectionState.OFFLINE, "disconnected");
            }
        }
        if (login != null) {
            login.completeExceptionally(new ChatException(ChatException.OFFLINE, "disconnected before login completed"));
        }
        completions.forEach(Runnable::run);
        if (toClose != null) {
            toClose.write(new Frame.Logout());
            toClose.closeOnFlush();
        }
    }

    // ---------------------------------------------------------------- requests

    @Override
    public CompletableFuture<Long> send(String conversation, String text) {
        synchronized (lock) {
            if (state != ConnectionState.ONLINE && state != ConnectionState.RECONNECTING) {
                return CompletableFuture.failedFuture(new ChatException(ChatException.OFFLINE, "not connected"));
            }
            String id = newId();
            Pending pending = new Pending(conversation, text);
            outbox.put(id, pending);
            if (state == ConnectionState.ONLINE && session != null) {
                pending.written = true;
                pending.wentOut = true;
                session.write(new Frame.Send(id, conversation, text));
            }
            return pending.acked;
        }
    }

    @Override
    public boolean cancelSend(CompletableFuture<Long> sent) {
        Pending cancelled = null;
        synchronized (lock) {
            for (Iterator<Map.Entry<String, Pending>> it = outbox.entrySet().iterator(); it.hasNext();) {
                Pending p = it.next().getValue();
                if (p.acked == sent) {
                    if (p.wentOut) {
                        return false;
                    }
                    it.remove();
                    cancelled = p;
                    break;
                }
            }
        }
        // completed outside the lock, as every completion is
        return cancelled != null && cancelled.acked.completeExceptionally(new ChatException(ChatException.CANCELLED, "cancelled"));
    }

    private <T> CompletableFuture<T> request(Function<String, Frame> frame, Function<Frame, T> answer) {
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        synchronized (lock) {
            if (state != ConnectionState.ONLINE || session == null) {
                return CompletableFuture.failedFuture(new ChatException(ChatException.OFFLINE, "not connected"));
            }
            String id = newId();
            requests.put(id, reply);
            session.write(frame.apply(id));
        }
        return reply.thenApply(answer);
    }

    private static ChatMessage message(Frame.Message m, boolean replayed) {
        return new ChatMessage(m.conversation(), m.seq(), m.from(), Instant.ofEpochMilli(m.time()), m.text(), replayed);
    }

    private static RoomInfo room(Frame frame) {
        Frame.Room r = (Frame.Room) frame;
        return new RoomInfo(r.room(), r.topic(), r.members(), r.joined());
    }

    @Override
    public CompletableFuture<HistoryPage> history(String conversation, long beforeSeq, int limit) {
        return request(id -> new Frame.History(id, conversation, beforeSeq, limit), this::historyPage);
    }

    private HistoryPage historyPage(Frame f) {
        Frame.HistoryPage page = (Frame.HistoryPage) f;
        return new HistoryPage(page.conversation(), page.messages().stream().map(m -> message(m, false)).toList(), page.more());
    }

    @Override
    public CompletableFuture<HistoryPage> search(String conversation, String query, long beforeSeq, int limit) {
        return request(id -> new Frame.History(id, conversation, beforeSeq, limit, query), this::historyPage);
    }

    @Override
    public CompletableFuture<List<RoomInfo>> rooms() {
        return request(Frame.RoomList::new,
            f -> ((Frame.Rooms) f).rooms().stream().map(r -> new RoomInfo(r.room(), r.topic(), r.members(), r.joined())).toList());
    }

    @Override
    public CompletableFuture<RoomInfo> createRoom(String name, String topic) {
        return request(id -> new Frame.RoomCreate(id, name, topic), MinaChatClient::room).thenApply(this::joined);
    }

    @Override
    public CompletableFuture<RoomInfo> joinRoom(String name) {
        return request(id -> new Frame.RoomJoin(id, name), MinaChatClient::room).thenApply(this::joined);
    }

    @Override
    public CompletableFuture<RoomInfo> leaveRoom(String name) {
        return request(id -> new Frame.RoomLeave(id, name), MinaChatClient::room).thenApply(room -> {
            synchronized (lock) {
                if (conversations.remove(room.conversation()) != null) {
                    have.remove(room.conversation());
                    dispatchConversations();
                }
            }
            return room;
        });
    }

    private RoomInfo joined(RoomInfo room) {
        synchronized (lock) {
            if (!conversations.containsKey(room.conversation())) {
                long last = have.getOrDefault(room.conversation(), 0L);
                conversations.put(room.conversation(), new ConversationInfo(room.conversation(), room.topic(), last, last));
                dispatchConversations();
            }
        }
        return room;
    }

    @Override
    public CompletableFuture<Void> admin(String adminSecret, String action, String target, String newPassword, String reason) {
        return request(id -> new Frame.Admin(id, adminSecret, action, target, newPassword, reason), f -> null);
    }

    @Override
    public CompletableFuture<Void> adminWithSecret(ServerAddress target, String adminSecret, String action, String account,
        String newPassword, String reason) {
        Transport chosen;
        KnownServers pins;
        synchronized (lock) {
            chosen = transport;
            pins = knownServers;
        }
        return SecretAdminLink.run(target, chosen, systemTrust, pins, Duration.ofSeconds(LOGIN_TIMEOUT_SECONDS), adminSecret, action,
            account, newPassword, reason);
    }

    @Override
    public void typing(String conversation, boolean active) {
        synchronized (lock) {
            if (state == ConnectionState.ONLINE && session != null) {
                session.write(new Frame.Typing(conversation, null, active));
            }
        }
    }

    @Override
    public void markRead(String conversation, long seq) {
        synchronized (lock) {
            ConversationInfo info = conversations.get(conversation);
            if (info != null && seq > info.readSeq()) {
                conversations.put(conversation, new ConversationInfo(conversation, info.topic(), Math.max(info.lastSeq(), seq), seq));
            }
            if (state == ConnectionState.ONLINE && session != null) {
                session.write(new Frame.Read(conversation, null, seq));
            }
        }
    }

    @Override
    public void setAway(boolean value) {
        synchronized (lock) {
            away = value;
            if (state == ConnectionState.ONLINE && session != null) {
                session.write(new Frame.Presence(null, value ? Frame.Presence.AWAY : Frame.Presence.ONLINE));
            }
        }
    }

    @Override
    public org.chatnow.client.SharedFiles files() {
        return files;
    }

    private MinaSharedFiles.Access fileAccess() {
        synchronized (lock) {
            if (token == null || server == null) {
                return null;
            }
            return new MinaSharedFiles.Access(server.host(), filePort, user, token, sessionTransport, verifiedFingerprint);
        }
    }

    // ---------------------------------------------------------------- transport security

    @Override
    public void setTransport(Transport value) {
        synchronized (lock) {
            transport = java.util.Objects.requireNonNull(value, "transport");
        }
    }

    @Override
    public Transport transport() {
        synchronized (lock) {
            return transport;
        }
    }

    @Override
    public void setKnownServers(KnownServers value) {
        synchronized (lock) {
            knownServers = java.util.Objects.requireNonNull(value, "knownServers");
        }
    }

    @Override
    public KnownServers knownServers() {
        synchronized (lock) {
            return knownServers;
        }
    }

    @Override
    public ChatException reconnectFailure() {
        synchronized (lock) {
            return reconnectFailure;
        }
    }

    @Override
    public ConnectionSecurity security() {
        synchronized (lock) {
            return security;
        }
    }

    // ---------------------------------------------------------------- state

    @Override
    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public Instant nextReconnect() {
        synchronized (lock) {
            return state == ConnectionState.RECONNECTING ? nextReconnect : null;
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
    public List<UserPresence> users() {
        synchronized (lock) {
            return online.entrySet().stream().map(e -> new UserPresence(e.getKey(), e.getValue())).toList();
        }
    }

    @Override
    public int onlineCount() {
        synchronized (lock) {
            return onlineCount;
        }
    }

    @Override
    public boolean usersPartial() {
        synchronized (lock) {
            return usersPartial;
        }
    }

    @Override
    public List<String> onlineUsers() {
        synchronized (lock) {
            return List.copyOf(online.keySet());
        }
    }

    @Override
    public List<ConversationInfo> conversations() {
        synchronized (lock) {
            return List.copyOf(conversations.values());
        }
    }

    @Override
    public ListenerRegistration addListener(ChatListener listener, Executor executor) {
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
        files.close();
        timer.shutdownNow();
    }

    // called with the lock held
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

    private void dispatchConversations() {
        List<ConversationInfo> snapshot = List.copyOf(conversations.values());
        dispatch(l -> l.conversationsChanged(snapshot));
    }

    private void clearUsers() {
        online.clear();
        onlineCount = 0;
        usersPartial = false;
    }

    private void dispatchUsers() {
        List<String> snapshot = List.copyOf(online.keySet());
        dispatch(l -> l.onlineUsersChanged(snapshot));
    }

    private void failOutbox(List<Runnable> completions, String why) {
        for (Pending p : outbox.values()) {
            completions.add(() -> p.acked.completeExceptionally(new ChatException(ChatException.OFFLINE, "not sent: " + why)));
        }
        outbox.clear();
    }

    private void failRequests(List<Runnable> completions, String why) {
        for (CompletableFuture<Frame> f : requests.values()) {
            completions.add(() -> f.completeExceptionally(new ChatException(ChatException.OFFLINE, why)));
        }
        requests.clear();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------- network events

    /** MINA events of the current connection; events of older connections are ignored. */
    private final class Handler extends IoHandlerAdapter {

        private boolean current(IoSession s) {
            Object g = s.getAttribute(GENERATION);
            return g != null && (Long) g == generation;
        }

        @Override
        public void messageReceived(IoSession s, Object message) {
            List<Runnable> completions = new ArrayList<>();
            synchronized (lock) {
                if (!current(s)) {
                    return;
                }
                handle(s, (Frame) message, completions);
            }
            completions.forEach(Runnable::run);
        }

        // called with the lock held
        private void handle(IoSession s, Frame frame, List<Runnable> completions) {
            switch (frame) {
                case Frame.Welcome w -> {
                    s.setAttribute(WELCOMED, Boolean.TRUE);
                    // the welcome comes after the handshake: what protects this connection is settled
                    TlsPeer peer = TlsPeer.of(s);
                    security = peer == null ? ConnectionSecurity.PLAINTEXT : peer.security();
                    if (peer != null && security != null) {
                        verifiedFingerprint = security.fingerprint();
                    }
                    filePort = w.filePort() == null ? -1 : w.filePort();
                    s.write(new Frame.Login(loginId, user, token == null ? password : null, token, Map.copyOf(have)));
                }
                case Frame.FileEvent event -> {
                    org.chatnow.client.SharedFile file = MinaSharedFiles.toFile(event.file());
                    boolean deleted = Frame.FileEvent.DELETED.equals(event.action());
                    dispatch(l -> l.sharedFileChanged(file, deleted));
                }
                case Frame.LoginOk ok -> onLoginOk(s, ok, completions);
                case Frame.Synced synced -> onSynced(synced, completions);
                case Frame.Message m -> onMessage(m);
                case Frame.Ack a -> {
                    Pending p = outbox.remove(a.id());
                    if (p != null) {
                        completions.add(() -> p.acked.complete(a.seq()));
                    }
                }
                case Frame.Users u -> {
                    online.clear();
                    u.users().forEach(us -> online.put(us.user(), Presence.of(us.status())));
                    onlineCount = Math.max(u.online(), online.size());
                    usersPartial = u.partial();
                    dispatchUsers();
                }
                case Frame.Presence p -> onPresence(p);
                case Frame.Typing t -> dispatch(l -> l.typingChanged(t.conversation(), t.user(), t.active()));
                case Frame.Read r -> onRead(r);
                case Frame.HistoryPage page -> answer(page.id(), page, completions);
                case Frame.Room room -> answer(room.id(), room, completions);
                case Frame.Rooms rooms -> answer(rooms.id(), rooms, completions);
                case Frame.Ok ok -> answer(ok.id(), ok, completions);
                case Frame.Kicked k -> kickReason = k.reason();
                case Frame.Error e -> {
                    if (e.id() == null && CLOSING_CODES.contains(e.code())) {
                        s.setAttribute(CLOSING_ERROR, e);
                    }
                    onError(e, completions);
                }
                case Frame.Pong p -> {
                    // the connection is alive
                }
                case Frame.Ping p -> s.write(new Frame.Pong(p.id())); // the server heard nothing for a while: say we are here
                default -> LOG.warn("ignoring unexpected {} from the server", frame.getClass().getSimpleName());
            }
        }

        private void answer(String id, Frame frame, List<Runnable> completions) {
            CompletableFuture<Frame> f = id == null ? null : requests.remove(id);
            if (f != null) {
                completions.add(() -> f.complete(frame));
            }
        }

        private void onLoginOk(IoSession s, Frame.LoginOk ok, List<Runnable> completions) {
            CompletableFuture<Void> login = pendingLogin;
            pendingLogin = null;
            user = ok.user();
            token = ok.resume();
            reconnectFailure = null;
            attempt = 0;
            replaying = true;
            setState(ConnectionState.ONLINE, "logged in as " + ok.user() + " at " + server);
            if (away) {
                s.write(new Frame.Presence(null, Frame.Presence.AWAY));
            }
            // what was typed while the connection was down goes out now, with its original request ids
            outbox.forEach((id, p) -> {
                if (!p.written) {
                    p.written = true;
                    p.wentOut = true;
                    s.write(new Frame.Send(id, p.conversation, p.text));
                }
            });
            awaitingSync = login;
        }

        private void onSynced(Frame.Synced synced, List<Runnable> completions) {
            replaying = false;
            CompletableFuture<Void> login = awaitingSync;
            awaitingSync = null;
            if (login != null) {
                completions.add(() -> login.complete(null));
            }
            conversations.clear();
            for (Frame.ConversationState c : synced.conversations()) {
                // the server's numbering is the truth (a restored database may have gone back)
                if (have.getOrDefault(c.conversation(), 0L) > c.lastSeq()) {
                    have.put(c.conversation(), c.lastSeq());
                }
                long last = Math.max(c.lastSeq(), have.getOrDefault(c.conversation(), 0L));
                conversations.put(c.conversation(), new ConversationInfo(c.conversation(), c.topic(), last, c.readSeq()));
                if (c.reads() != null) {
                    c.reads().forEach((reader, seq) -> {
                        if (!reader.equals(user) && seq > 0) {
                            dispatch(l -> l.readReceipt(c.conversation(), reader, seq));
                        }
                    });
                }
            }
            have.keySet().retainAll(conversations.keySet());
            dispatchConversations();
        }

        private void onMessage(Frame.Message m) {
            long held = have.getOrDefault(m.conversation(), 0L);
            if (m.seq() <= held) {
                return; // delivered already (a replay overlapping a live delivery)
            }
            have.put(m.conversation(), m.seq());
            ConversationInfo info = conversations.get(m.conversation());
            boolean added = info == null;
            long read = info == null ? 0 : info.readSeq();
            if (m.from().equals(user)) {
                read = Math.max(read, m.seq());
            }
            conversations.put(m.conversation(), new ConversationInfo(m.conversation(), info == null ? null : info.topic(),
                Math.max(m.seq(), info == null ? 0 : info.lastSeq()), read));
            ChatMessage received = message(m, replaying);
            dispatch(l -> l.messageReceived(received));
            if (added && !replaying) {
                dispatchConversations();
            }
        }

        private void onPresence(Frame.Presence p) {
            Presence presence = Presence.of(p.status());
            boolean listChanged;
            if (presence == Presence.OFFLINE) {
                listChanged = online.remove(p.user()) != null;
                onlineCount -= listChanged ? 1 : 0;
            } else {
                listChanged = online.put(p.user(), presence) == null;
                onlineCount += listChanged ? 1 : 0;
            }
            dispatch(l -> l.presenceChanged(p.user(), presence));
            if (listChanged) {
                dispatchUsers();
            }
        }

        private void onRead(Frame.Read r) {
            if (r.user() == null || r.user().equals(user)) {
                ConversationInfo info = conversations.get(r.conversation());
                if (info != null && r.seq() > info.readSeq()) {
                    conversations.put(r.conversation(), new ConversationInfo(r.conversation(), info.topic(), info.lastSeq(), r.seq()));
                }
                return;
            }
            dispatch(l -> l.readReceipt(r.conversation(), r.user(), r.seq()));
        }

        private void onError(Frame.Error e, List<Runnable> completions) {
            ChatException error = new ChatException(e.code(), e.message());
            if (e.id() != null) {
                Pending failed = outbox.remove(e.id());
                if (failed != null) {
                    completions.add(() -> failed.acked.completeExceptionally(error));
                    return;
                }
                CompletableFuture<Frame> request = requests.remove(e.id());
                if (request != null) {
                    completions.add(() -> request.completeExceptionally(error));
                    return;
                }
                if (e.id().equals(loginId)) {
                    long g = generation;
                    if (ErrorCodes.RATE_LIMITED.equals(e.code()) && state == ConnectionState.RECONNECTING) {
                        completions.add(() -> attemptFailed(g, new ChatException(ChatException.UNREACHABLE, e.message())));
                    } else {
                        completions.add(() -> attemptFailed(g, error));
                    }
                    return;
                }
            }
            LOG.warn("server error {}: {}", e.code(), e.message());
        }

        @Override
        public void sessionIdle(IoSession s, IdleStatus status) {
            synchronized (lock) {
                if (current(s)) {
                    s.write(new Frame.Ping(newId()));
                }
            }
        }

        @Override
        public void sessionClosed(IoSession s) {
            TlsPeer peer = TlsPeer.of(s);
            UntrustedServerException untrusted = peer == null ? null : peer.rejection();
            if (untrusted != null) {
                long g;
                synchronized (lock) {
                    if (!current(s)) {
                        return;
                    }
                    g = generation;
                }
                attemptFailed(g, untrusted);
                return;
            }
            String lost = lostReason(s);
            String lostCode = transportMismatch(s) ? ChatException.TRANSPORT_MISMATCH : ChatException.UNREACHABLE;
            List<Runnable> completions = new ArrayList<>();
            CompletableFuture<Void> login = null;
            synchronized (lock) {
                if (!current(s)) {
                    return;
                }
                security = null;
                ConnectionState was = state;
                generation++;
                session = null;
                replaying = false;
                if (awaitingSync != null) {
                    CompletableFuture<Void> unsynced = awaitingSync;
                    awaitingSync = null;
                    completions.add(() -> unsynced.completeExceptionally(
                        new ChatException(ChatException.UNREACHABLE, "the connection was lost during the login")));
                }
                failRequests(completions, "the connection was lost");
                outbox.values().forEach(p -> p.written = false);
                if (!online.isEmpty()) {
                    clearUsers();
                    dispatchUsers();
                }
                if (kickReason != null) {
                    login = pendingLogin;
                    pendingLogin = null;
                    token = null;
                    failOutbox(completions, kickReason);
                    setState(ConnectionState.KICKED, kickReason);
                } else if (pendingLogin != null) {
                    login = pendingLogin;
                    pendingLogin = null;
                    setState(ConnectionState.OFFLINE, lost);
                } else if (was == ConnectionState.ONLINE || was == ConnectionState.RECONNECTING) {
                    scheduleReconnect("the connection to " + server + " was lost");
                } else {
                    setState(ConnectionState.OFFLINE, "the connection to " + server + " was lost");
                }
            }
            if (login != null) {
                CompletableFuture<Void> failed = login;
                completions.add(() -> failed.completeExceptionally(new ChatException(lostCode, lost)));
            }
            completions.forEach(Runnable::run);
        }

        /** Whether the connection ended before a greeting in a way that says the server speaks the other transport. */
        private boolean transportMismatch(IoSession s) {
            return !s.containsAttribute(WELCOMED)
                && (s.getAttribute(FAILURE) instanceof SSLException || s.getFilterChain().get("tls") == null);
        }

        /** Why the server closed the connection, as a user would want it said. */
        private String lostReason(IoSession s) {
            if (s.getAttribute(CLOSING_ERROR) instanceof Frame.Error said) {
                return "the server closed the connection: " + said.message(); // e.g. too many connections from this address
            }
            Throwable failure = (Throwable) s.getAttribute(FAILURE);
            if (failure instanceof SSLException tls) {
                return "the TLS handshake with " + server + " failed (" + tls.getMessage() + "); if the server does not "
                    + "speak TLS, connect with the plaintext transport";
            }
            if (!s.containsAttribute(WELCOMED) && s.getFilterChain().get("tls") == null) {
                // a TLS server reads a plain hello as a broken handshake and closes without a word
                return "the server closed the connection without a greeting; if it requires TLS, connect with the TLS transport";
            }
            return "the server closed the connection";
        }

        @Override
        public void exceptionCaught(IoSession s, Throwable cause) {
            LOG.debug("connection error", cause);
            s.setAttributeIfAbsent(FAILURE, cause);
            s.closeNow();
        }
    }
}
