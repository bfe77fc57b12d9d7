package org.chatnow.server.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.protocol.mina.EncodedFrame;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.Account;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.Membership;
import org.chatnow.server.store.RoomRecord;
import org.chatnow.server.store.StoreException;
import org.chatnow.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat protocol on the server side: hello, login (password or resume token, takeover), replay of what a
 * client missed, routing of messages to the members of a conversation only, rooms, presence, typing, read
 * positions and admin actions. Runs on MINA's ordered executor (one session's frames in order); password hashing
 * runs on its own executor.
 */
public final class ChatHandler extends IoHandlerAdapter {
    /** Seconds without any frame (clients ping every 30 s) after which a logged-in session is considered dead. */
    static final int SESSION_IDLE_SECONDS = 120;
    static final String SERVER_NAME = "ChatNow";
    public static final String KICK_REASON_TAKEOVER = "logged in elsewhere";
    static final String KICK_REASON_ADMIN = "removed by an administrator";

    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);
    private static final AttributeKey GREETED = new AttributeKey(ChatHandler.class, "greeted");
    private static final AttributeKey USER = new AttributeKey(ChatHandler.class, "user");
    private static final AttributeKey ADMIN = new AttributeKey(ChatHandler.class, "admin");
    private static final AttributeKey STATUS = new AttributeKey(ChatHandler.class, "status");
    private static final AttributeKey TOKEN_HASH = new AttributeKey(ChatHandler.class, "token");
    private static final AttributeKey LOGGING_IN = new AttributeKey(ChatHandler.class, "loggingIn");
    /** Frames that arrived while the session's login was being checked; handled, in order, once it is done. */
    private static final AttributeKey HELD = new AttributeKey(ChatHandler.class, "held");
    private static final int MAX_HELD_FRAMES = 1000;
    /** Set when the session is being closed for a protocol violation: nothing it sends afterwards is handled. */
    private static final AttributeKey ENDING = new AttributeKey(ChatHandler.class, "ending");
    private static final AttributeKey LOGGED_IN_AT = new AttributeKey(ChatHandler.class, "loggedInAt");
    /** How long after a login a session's requests are checked against stored request ids (resends follow a reconnect). */
    static final long RESEND_WINDOW_MILLIS = 5 * 60_000L;

    /**
     * A conversation's lock, the last sequence number handed out, and the last one handed on for delivery (all
     * messages up to {@code delivered} are stored; those after it wait in the writer). Loaded from the store on
     * first use, and again after a database failure invalidated the numbers handed out ({@code epoch}).
     */
    private static final class Sequence {
        long last = -1;
        long delivered = -1;
        int epoch;
    }

    private final ServerConfig config;
    private final ChatStore store;
    private final SessionRegistry registry;
    private final AdminSecret adminSecret;
    private final Executor authExecutor;
    private final Passwords passwords;
    private final LoginThrottle throttle = new LoginThrottle();
    private final LiveIndex live = new LiveIndex();
    private final PresenceHub presenceHub;
    private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> topics = new ConcurrentHashMap<>();
    /** Messages waiting for their commit, by sender and request id: a resend joins the original. */
    private final Map<String, MessageWriter.Pending> pendingIds = new ConcurrentHashMap<>();
    private final MessageWriter writer;
    /** Orders logins, takeovers and leaves so that every session sees joins and leaves in one order. */
    private final Object presenceLock = new Object();

    private final Integer filePort;

    public ChatHandler(ServerConfig config, ChatStore store, SessionRegistry registry, AdminSecret adminSecret,
        Executor authExecutor, Integer filePort) {
        this.filePort = filePort;
        this.config = config;
        this.store = store;
        this.registry = registry;
        this.adminSecret = adminSecret;
        this.authExecutor = authExecutor;
        this.passwords = new Passwords(config.passwordIterations());
        this.writer = new MessageWriter(store, this::deliver, this::notStored, this::current);
        this.presenceHub = new PresenceHub(config.presenceListLimit(), this::write);
    }

    /** Stores what is queued and stops the message writer. */
    public void close() {
        writer.close();
        presenceHub.close();
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (session.containsAttribute(ENDING)) {
            return;
        }
        if (!session.containsAttribute(USER) && !(message instanceof Frame.Hello || message instanceof Frame.Login)
            && System.currentTimeMillis() - session.getCreationTime() > config.loginTimeoutSeconds() * 1000L) {
            refuse(session, null, ErrorCodes.NOT_READY, "log in within " + config.loginTimeoutSeconds() + " seconds of connecting", true);
            return;
        }
        Frame frame = (Frame) message;
        synchronized (session) {
            if (session.containsAttribute(LOGGING_IN)) {
                @SuppressWarnings("unchecked")
                java.util.ArrayDeque<Frame> held = (java.util.ArrayDeque<Frame>) session.getAttribute(HELD);
                if (held.size() >= MAX_HELD_FRAMES) {
                    refuse(session, null, ErrorCodes.NOT_READY, "wait for the login to complete", true);
                } else {
                    held.add(frame);
                }
                return;
            }
        }
        handle(session, frame);
    }

    private void handle(IoSession session, Frame frame) {
        if (session.containsAttribute(ENDING)) {
            return;
        }
        try {
            switch (frame) {
                case Frame.Hello hello -> onHello(session, hello);
                case Frame.Login login -> onLogin(session, login);
                case Frame.Send send -> onSend(session, send);
                case Frame.History history -> onHistory(session, history);
                case Frame.Read read -> onRead(session, read);
                case Frame.Typing typing -> onTyping(session, typing);
                case Frame.Presence presence -> onStatus(session, presence);
                case Frame.RoomCreate create -> onRoomCreate(session, create);
                case Frame.RoomJoin join -> onRoomJoin(session, join);
                case Frame.RoomLeave leave -> onRoomLeave(session, leave);
                case Frame.RoomList list -> onRoomList(session, list);
                case Frame.Admin admin -> onAdmin(session, admin);
                case Frame.Ping ping -> write(session, new Frame.Pong(ping.id()));
                case Frame.Logout logout -> onLogout(session);
                default -> refuse(session, null, ErrorCodes.MALFORMED_FRAME,
                    "a client may not send '" + frame.getClass().getSimpleName() + "' frames", true);
            }
        } catch (StoreException e) {
            LOG.error("database failure while handling {} from {}", frame.getClass().getSimpleName(), session.getAttribute(USER), e);
            refuse(session, requestId(frame), ErrorCodes.SERVER_ERROR, "the server could not store or read that; try again", false);
        }
    }

    private static String requestId(Frame frame) {
        return switch (frame) {
            case Frame.Login f -> f.id();
            case Frame.Send f -> f.id();
            case Frame.History f -> f.id();
            case Frame.RoomCreate f -> f.id();
            case Frame.RoomJoin f -> f.id();
            case Frame.RoomLeave f -> f.id();
            case Frame.RoomList f -> f.id();
            case Frame.Admin f -> f.id();
            default -> null;
        };
    }

    // ---------------------------------------------------------------- hello and login

    private void onHello(IoSession session, Frame.Hello hello) {
        if (hello.version() != Limits.PROTOCOL_VERSION) {
            refuse(session, null, ErrorCodes.UNSUPPORTED_VERSION,
                "this server speaks protocol version " + Limits.PROTOCOL_VERSION + ", not " + hello.version(), true);
            return;
        }
        session.setAttribute(GREETED, Boolean.TRUE);
        write(session, new Frame.Welcome(Limits.PROTOCOL_VERSION, SERVER_NAME, config.maxFrameBytes(),
            config.registrationOpen() ? Frame.Welcome.OPEN : Frame.Welcome.CLOSED, filePort));
    }

    private void onLogin(IoSession session, Frame.Login login) {
        startLogin(session, login);
    }

    /** Checks and starts a login on the auth executor; false if it was refused at once. */
    private boolean startLogin(IoSession session, Frame.Login login) {
        if (!session.containsAttribute(GREETED)) {
            refuse(session, login.id(), ErrorCodes.NOT_READY, "send hello before login", true);
            return false;
        }
        if (session.containsAttribute(USER)) {
            refuse(session, login.id(), ErrorCodes.NOT_READY, "already logged in as " + session.getAttribute(USER), false);
            return false;
        }
        synchronized (session) {
            session.setAttribute(LOGGING_IN, Boolean.TRUE);
            session.setAttributeIfAbsent(HELD, new java.util.ArrayDeque<Frame>());
        }
        authExecutor.execute(() -> {
            try {
                authenticate(session, login);
            } catch (StoreException e) {
                LOG.error("database failure during the login of {}", login.user(), e);
                refuse(session, login.id(), ErrorCodes.SERVER_ERROR, "the server could not check the login; try again", false);
            } catch (RuntimeException e) {
                LOG.error("login of {} failed", login.user(), e);
                refuse(session, login.id(), ErrorCodes.SERVER_ERROR, "the server failed during login", false);
            } finally {
                handleHeldFrames(session);
            }
        });
        return true;
    }

    /** Handles what arrived during the login, in order, then lets frames through directly again. */
    private void handleHeldFrames(IoSession session) {
        while (true) {
            Frame next;
            synchronized (session) {
                @SuppressWarnings("unchecked")
                java.util.ArrayDeque<Frame> held = (java.util.ArrayDeque<Frame>) session.getAttribute(HELD);
                next = held == null ? null : held.poll();
                if (next == null) {
                    session.removeAttribute(LOGGING_IN);
                    session.removeAttribute(HELD);
                    return;
                }
            }
            if (next instanceof Frame.Login login && !session.containsAttribute(ENDING)) {
                if (startLogin(session, login)) {
                    return; // that login drains the rest when it is done
                }
                continue;
            }
            handle(session, next);
        }
    }

    private static String address(IoSession session) {
        return session.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : String.valueOf(session.getRemoteAddress());
    }

    private void authenticate(IoSession session, Frame.Login login) {
        long now = System.currentTimeMillis();
        String user = login.user();
        if (user == null || !Limits.USER_NAME.matcher(user).matches()) {
            refuse(session, login.id(), ErrorCodes.INVALID_NAME, "a user name has 1 to 32 letters, digits, '.', '_' or '-'", false);
            return;
        }
        String ipKey = "ip:" + address(session);
        String userKey = "user:" + user;
        String token;
        boolean created = false;
        Account account;
        if (login.resume() != null && (login.password() == null || login.password().isEmpty())) {
            token = login.resume();
            Optional<Account> found = store.resumeTokenOwner(Passwords.tokenHash(token), now).filter(a -> a.name().equals(user));
            if (found.isEmpty()) {
                throttle.failed(now, ipKey);
                refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "the saved session has ended; log in with your password", false);
                return;
            }
            account = found.get();
        } else {
            // only password logins are slowed down: a guesser must not lock the owner's resumes out
            long blocked = throttle.blockedFor(now, ipKey, userKey);
            if (blocked > 0) {
                int seconds = (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(blocked + 999));
                write(session, new Frame.Error(login.id(), ErrorCodes.RATE_LIMITED,
                    "too many failed logins; try again in " + seconds + " s", seconds));
                return;
            }
            String password = login.password();
            if (password == null || password.isEmpty() || password.length() > Limits.MAX_PASSWORD_CHARS) {
                refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "enter your password", false);
                return;
            }
            Optional<Account> found = store.findAccount(user);
            if (found.isEmpty() && config.registrationOpen()) {
                if (password.length() < Limits.MIN_PASSWORD_CHARS) {
                    refuse(session, login.id(), ErrorCodes.WEAK_PASSWORD, "'" + user + "' is a new account: choose a password of at least "
                        + Limits.MIN_PASSWORD_CHARS + " characters", false);
                    return;
                }
                created = store.createAccount(user, passwords.hash(password), false, now);
                if (created) {
                    LOG.info("account {} created by its first login", user);
                    found = store.findAccount(user);
                } else {
                    found = store.findAccount(user); // created by a concurrent login: check the password below
                }
            }
            boolean ok;
            if (found.isEmpty()) {
                passwords.verifyNothing(password);
                ok = false;
            } else {
                ok = created || passwords.verify(password, found.get().passwordHash());
            }
            if (!ok) {
                throttle.failed(now, ipKey, userKey);
                refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "wrong user name or password", false);
                return;
            }
            throttle.succeeded(ipKey, userKey);
            account = found.get();
            if (account.banned()) {
                refuse(session, login.id(), ErrorCodes.BANNED, "this account is banned from the server", false);
                return;
            }
            token = passwords.newToken();
            store.saveResumeToken(Passwords.tokenHash(token), user, now + TimeUnit.DAYS.toMillis(config.resumeTokenDays()));
        }
        if (account.banned()) {
            refuse(session, login.id(), ErrorCodes.BANNED, "this account is banned from the server", false);
            return;
        }
        if (session.isClosing()) {
            return;
        }
        List<Membership> memberships = store.memberships(account.name());
        bind(session, account, token, created, login, memberships);
        replay(session, account.name(), login, memberships);
    }

    private void bind(IoSession session, Account account, String token, boolean created, Frame.Login login, List<Membership> memberships) {
        String user = account.name();
        String tokenHash = Passwords.tokenHash(token);
        List<String> contacts = new ArrayList<>();
        for (Membership membership : memberships) {
            if (isDirect(membership.conversation())) {
                String peer = peer(membership.conversation(), user);
                if (peer != null) {
                    contacts.add(peer);
                }
            }
        }
        synchronized (presenceLock) {
            session.setAttribute(USER, user);
            session.setAttribute(ADMIN, account.admin());
            session.setAttribute(STATUS, Frame.Presence.ONLINE);
            session.setAttribute(TOKEN_HASH, tokenHash);
            session.setAttribute(LOGGED_IN_AT, System.currentTimeMillis());
            session.getConfig().setIdleTime(IdleStatus.READER_IDLE, SESSION_IDLE_SECONDS);
            Optional<IoSession> previous = registry.bind(user, session);
            previous.ifPresent(old -> {
                Object oldToken = old.getAttribute(TOKEN_HASH);
                end(old, KICK_REASON_TAKEOVER, oldToken != null && !oldToken.equals(tokenHash));
                LOG.info("{} logged in again from {}; ended the session from {}", user, session.getRemoteAddress(), old.getRemoteAddress());
            });
            write(session, new Frame.LoginOk(login.id(), user, token, account.admin(), created));
            presenceHub.join(session, user, contacts, previous.orElse(null));
            if (previous.isEmpty()) {
                LOG.info("{} logged in from {}", user, session.getRemoteAddress());
            }
        }
    }

    /** Ends {@code session} with a kicked frame; called with the presence lock held. */
    private void end(IoSession session, String reason, boolean revokeToken) {
        session.removeAttribute(USER);
        live.removeSession(session);
        Object tokenHash = session.getAttribute(TOKEN_HASH);
        if (revokeToken && tokenHash != null) {
            try {
                store.deleteResumeToken((String) tokenHash);
            } catch (StoreException e) {
                LOG.error("could not revoke the resume token of an ended session (it expires by itself)", e);
            }
        }
        session.setAttribute(ENDING, Boolean.TRUE);
        write(session, new Frame.Kicked(reason));
        session.closeOnFlush();
    }

    /**
     * Sends what the client missed in each of its conversations (after its {@code have} position, else after its
     * read position), then makes the session live for that conversation, both under the conversation's lock.
     */
    private void replay(IoSession session, String user, Frame.Login login, List<Membership> memberships) {
        Map<String, Long> have = login.have() == null ? Map.of() : login.have();
        List<Frame.ConversationState> states = new ArrayList<>();
        List<String> truncated = new ArrayList<>();
        for (Membership membership : memberships) {
            String conversation = membership.conversation();
            Sequence sequence = sequence(conversation);
            synchronized (sequence) {
                load(sequence, conversation);
                // messages after 'delivered' are still being stored; they reach this session as live deliveries
                long last = sequence.delivered;
                Long held = have.get(conversation);
                long from = Math.max(0, Math.min(held != null ? held : membership.readSeq(), last));
                if (last - from > Limits.SYNC_LIMIT) {
                    from = last - Limits.SYNC_LIMIT;
                    truncated.add(conversation);
                }
                if (from < last) {
                    for (StoredMessage m : store.messagesAfter(conversation, from, Limits.SYNC_LIMIT)) {
                        if (m.seq() > last) {
                            break; // stored but not yet handed on: it comes as a live delivery
                        }
                        write(session, toFrame(m));
                    }
                }
                live.add(conversation, session);
                String topic = conversation.startsWith("room:") ? topic(conversation.substring(5)) : null;
                Map<String, Long> reads = isDirect(conversation) ? store.readPositions(conversation) : null;
                states.add(new Frame.ConversationState(conversation, topic, last, membership.readSeq(), reads));
            }
        }
        write(session, new Frame.Synced(login.id(), states, truncated));
        if (session.isClosing()) {
            live.removeSession(session);
        }
    }

    /** A room's topic (set when it is created, never changed), remembered after the first look-up. */
    private String topic(String room) {
        Optional<String> known = topics.get(room);
        if (known == null) {
            Optional<RoomRecord> record = store.findRoom(room);
            if (record.isEmpty()) {
                return null;
            }
            known = Optional.ofNullable(record.get().topic());
            topics.put(room, known);
        }
        return known.orElse(null);
    }

    private Sequence sequence(String conversation) {
        Sequence sequence = sequences.computeIfAbsent(conversation, c -> new Sequence());
        synchronized (sequence) {
            load(sequence, conversation);
        }
        return sequence;
    }

    /** Reads the conversation's numbering from the store if it is not known (first use, or after a failure). */
    private void load(Sequence sequence, String conversation) {
        if (sequence.last < 0) {
            sequence.last = store.lastSeq(conversation);
            sequence.delivered = sequence.last;
        }
    }

    private static Frame.Message toFrame(StoredMessage m) {
        return new Frame.Message(m.conversation(), m.seq(), m.sender(), m.time(), m.text());
    }

    // ---------------------------------------------------------------- messages

    private String requireUser(IoSession session, String requestId) {
        String user = (String) session.getAttribute(USER);
        if (user == null) {
            refuse(session, requestId, ErrorCodes.NOT_READY, "log in first", false);
        }
        return user;
    }

    private static boolean isDirect(String conversation) {
        return conversation.startsWith("dm:");
    }

    /** The other party of a well-formed private conversation of {@code user}, or null. */
    static String peer(String conversation, String user) {
        String rest = conversation.substring(3);
        int split = rest.indexOf(':');
        if (split <= 0 || split == rest.length() - 1) {
            return null;
        }
        String a = rest.substring(0, split);
        String b = rest.substring(split + 1);
        if (a.compareTo(b) >= 0) {
            return null;
        }
        return a.equals(user) ? b : b.equals(user) ? a : null;
    }

    private void onSend(IoSession session, Frame.Send send) {
        String user = requireUser(session, send.id());
        if (user == null) {
            return;
        }
        String text = send.text();
        if (text == null || text.isBlank() || text.length() > Limits.MAX_TEXT_CHARS) {
            refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE, "a message has 1 to " + Limits.MAX_TEXT_CHARS + " characters", false);
            return;
        }
        if (text.indexOf('\u0000') >= 0) {
            refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE, "a message cannot contain the NUL character", false);
            return;
        }
        if (send.id() != null && send.id().length() > 64) {
            refuse(session, send.id(), ErrorCodes.INVALID_REQUEST, "a request id has at most 64 characters", false);
            return;
        }
        String conversation = send.conversation();
        if (conversation == null) {
            refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION, "the message names no conversation", false);
            return;
        }
        String peer = null;
        if (!live.contains(session, conversation)) {
            if (!isDirect(conversation)) {
                refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION, "you are not in " + conversation, false);
                return;
            }
            if (conversation.equals("dm:" + user + ":" + user)) {
                refuse(session, send.id(), ErrorCodes.SELF_CONVERSATION, "you cannot start a private chat with yourself", false);
                return;
            }
            peer = peer(conversation, user);
            if (peer == null) {
                refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION,
                    "a private conversation of yours is named dm:<a>:<b>, you being a or b and a sorting before b", false);
                return;
            }
            if (store.findAccount(peer).isEmpty()) {
                refuse(session, send.id(), ErrorCodes.UNKNOWN_USER, "there is no user named " + peer, false);
                return;
            }
        }
        String key = send.id() == null ? null : user + "\u0000" + send.id();
        if (key != null && duplicate(session, send, user, key)) {
            return;
        }
        writer.throttle();
        Sequence sequence = sequence(conversation);
        synchronized (sequence) {
            load(sequence, conversation);
            if (peer != null) {
                // the first message of a private conversation on this session: both parties become members
                store.addMember(conversation, user, sequence.last);
                store.addMember(conversation, peer, 0);
                live.add(conversation, session);
                String other = peer;
                IoSession peerSession = registry.session(other).filter(s -> peerIsReady(s, other)).orElse(null);
                if (peerSession != null) {
                    live.add(conversation, peerSession);
                }
                presenceHub.contacts(user, session, other, peerSession);
            }
            long seq = ++sequence.last;
            MessageWriter.Pending pending = new MessageWriter.Pending(
                new StoredMessage(conversation, seq, user, send.id(), System.currentTimeMillis(), text), sequence.epoch, session, send.id());
            if (key != null) {
                pendingIds.put(key, pending);
            }
            writer.submit(pending);
        }
    }

    /**
     * Whether {@code send} repeats a request already stored or waiting to be (a client resending after a lost ack);
     * if so it has been answered. Stored requests are looked up only shortly after a login, when resends happen.
     */
    private boolean duplicate(IoSession session, Frame.Send send, String user, String key) {
        MessageWriter.Pending waiting = pendingIds.get(key);
        if (waiting != null) {
            if (!waiting.message.conversation().equals(send.conversation())) {
                refuse(session, send.id(), ErrorCodes.INVALID_REQUEST, "request id " + send.id() + " was used for another message; use a new id", false);
                return true;
            }
            if (waiting.alsoAck(session, send.id())) {
                return true;
            }
        }
        Object loggedInAt = session.getAttribute(LOGGED_IN_AT);
        if (waiting == null && (loggedInAt == null || System.currentTimeMillis() - (Long) loggedInAt > RESEND_WINDOW_MILLIS)) {
            return false;
        }
        Optional<StoredMessage> stored = store.findByClientId(user, send.id());
        if (stored.isEmpty()) {
            return false;
        }
        if (!stored.get().conversation().equals(send.conversation())) {
            refuse(session, send.id(), ErrorCodes.INVALID_REQUEST, "request id " + send.id() + " was used for another message; use a new id", false);
        } else {
            write(session, new Frame.Ack(send.id(), send.conversation(), stored.get().seq()));
        }
        return true;
    }

    private boolean current(MessageWriter.Pending pending) {
        Sequence sequence = sequences.get(pending.message.conversation());
        if (sequence == null) {
            return false;
        }
        synchronized (sequence) {
            return sequence.epoch == pending.epoch;
        }
    }

    /**
     * A batch is stored: acknowledge each message to whoever sent it and deliver it to the conversation's live
     * sessions, all frames for one connection in one write.
     */
    private void deliver(List<MessageWriter.Pending> batch) {
        Map<IoSession, List<EncodedFrame>> out = new java.util.LinkedHashMap<>();
        for (MessageWriter.Pending pending : batch) {
            StoredMessage m = pending.message;
            EncodedFrame message = EncodedFrame.of(toFrame(m), Integer.MAX_VALUE);
            Collection<IoSession> recipients;
            Sequence sequence = sequences.get(m.conversation());
            synchronized (sequence) {
                sequence.delivered = Math.max(sequence.delivered, m.seq());
                recipients = List.copyOf(live.sessions(m.conversation()));
            }
            for (Object[] ack : pending.finish()) {
                out.computeIfAbsent((IoSession) ack[0], s -> new ArrayList<>())
                    .add(EncodedFrame.of(new Frame.Ack((String) ack[1], m.conversation(), m.seq()), Integer.MAX_VALUE));
            }
            if (m.clientId() != null) {
                pendingIds.remove(m.sender() + "\u0000" + m.clientId(), pending);
            }
            for (IoSession recipient : recipients) {
                out.computeIfAbsent(recipient, s -> new ArrayList<>()).add(message);
            }
        }
        out.forEach((session, frames) -> write(session, EncodedFrame.concat(frames)));
    }

    /**
     * A batch could not be stored (or its numbers were invalidated by an earlier failure): tell the senders, and
     * number the conversations afresh from the database so no gap appears.
     */
    private void notStored(List<MessageWriter.Pending> batch, StoreException error) {
        for (MessageWriter.Pending pending : batch) {
            StoredMessage m = pending.message;
            Sequence sequence = sequences.get(m.conversation());
            if (sequence != null) {
                synchronized (sequence) {
                    if (sequence.epoch == pending.epoch) {
                        sequence.epoch++;
                        sequence.last = -1;
                        sequence.delivered = -1;
                    }
                }
            }
            if (m.clientId() != null) {
                pendingIds.remove(m.sender() + "\u0000" + m.clientId(), pending);
            }
            for (Object[] ack : pending.finish()) {
                refuse((IoSession) ack[0], (String) ack[1], ErrorCodes.SERVER_ERROR, "the server could not store the message; send it again", false);
            }
        }
    }

    private static boolean peerIsReady(IoSession session, String peer) {
        return peer.equals(session.getAttribute(USER)) && !session.isClosing();
    }

    private boolean requireMember(IoSession session, String requestId, String conversation) {
        if (conversation == null || !live.contains(session, conversation)) {
            refuse(session, requestId, ErrorCodes.UNKNOWN_CONVERSATION, "you are not in " + conversation, false);
            return false;
        }
        return true;
    }

    private void onHistory(IoSession session, Frame.History request) {
        String user = requireUser(session, request.id());
        if (user == null || !requireMember(session, request.id(), request.conversation())) {
            return;
        }
        int limit = request.limit() <= 0 ? 50 : Math.min(request.limit(), Limits.HISTORY_LIMIT);
        long before = request.before() <= 0 ? Long.MAX_VALUE : request.before();
        String query = request.query() == null ? null : request.query().strip();
        if (query != null && (query.isEmpty() || query.length() > Limits.MAX_QUERY_CHARS)) {
            refuse(session, request.id(), ErrorCodes.INVALID_REQUEST, "a search has 1 to " + Limits.MAX_QUERY_CHARS + " characters", false);
            return;
        }
        List<StoredMessage> page = query != null ? store.searchMessages(request.conversation(), query, before, limit + 1)
            : store.messagesBefore(request.conversation(), before, limit + 1);
        boolean more = page.size() > limit;
        int from = more ? 1 : 0;
        // keep the page well inside the frame limit: drop the oldest messages until it fits
        long budget = config.maxFrameBytes() / 2;
        long size = 0;
        int start = page.size();
        while (start > from) {
            StoredMessage m = page.get(start - 1);
            long estimate = 96L + m.sender().length() + 6L * m.text().length();
            if (size + estimate > budget && start < page.size()) {
                more = true;
                break;
            }
            size += estimate;
            start--;
        }
        List<Frame.Message> messages = page.subList(start, page.size()).stream().map(ChatHandler::toFrame).toList();
        write(session, new Frame.HistoryPage(request.id(), request.conversation(), messages, more));
    }

    private void onRead(IoSession session, Frame.Read read) {
        String user = requireUser(session, null);
        if (user == null || !requireMember(session, null, read.conversation())) {
            return;
        }
        Sequence sequence = sequence(read.conversation());
        long seq;
        synchronized (sequence) {
            load(sequence, read.conversation());
            seq = Math.min(read.seq(), sequence.last);
        }
        if (seq > 0 && store.advanceRead(read.conversation(), user, seq)) {
            broadcast(new Frame.Read(read.conversation(), user, seq), live.sessions(read.conversation()), session);
        }
    }

    private void onTyping(IoSession session, Frame.Typing typing) {
        String user = requireUser(session, null);
        if (user == null || !requireMember(session, null, typing.conversation())) {
            return;
        }
        broadcast(new Frame.Typing(typing.conversation(), user, typing.active()), live.sessions(typing.conversation()), session);
    }

    private void onStatus(IoSession session, Frame.Presence presence) {
        String user = requireUser(session, null);
        if (user == null) {
            return;
        }
        String status = presence.status();
        if (!Frame.Presence.ONLINE.equals(status) && !Frame.Presence.AWAY.equals(status)) {
            refuse(session, null, ErrorCodes.INVALID_REQUEST, "a presence is 'online' or 'away'", false);
            return;
        }
        synchronized (presenceLock) {
            if (!status.equals(session.getAttribute(STATUS)) && user.equals(session.getAttribute(USER))) {
                session.setAttribute(STATUS, status);
                presenceHub.status(session, user, status);
            }
        }
    }

    // ---------------------------------------------------------------- rooms

    private boolean validRoomName(IoSession session, String requestId, String room) {
        if (room == null || !Limits.ROOM_NAME.matcher(room).matches()) {
            refuse(session, requestId, ErrorCodes.INVALID_NAME,
                "a room name has 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", false);
            return false;
        }
        return true;
    }

    private void onRoomCreate(IoSession session, Frame.RoomCreate create) {
        String user = requireUser(session, create.id());
        if (user == null || !validRoomName(session, create.id(), create.room())) {
            return;
        }
        String topic = create.topic() == null ? "" : create.topic().strip();
        if (topic.length() > Limits.MAX_TOPIC_CHARS) {
            refuse(session, create.id(), ErrorCodes.INVALID_REQUEST, "a topic has at most " + Limits.MAX_TOPIC_CHARS + " characters", false);
            return;
        }
        String conversation = "room:" + create.room();
        Sequence sequence = sequence(conversation);
        synchronized (sequence) {
            if (!store.createRoom(create.room(), topic, user, System.currentTimeMillis())) {
                refuse(session, create.id(), ErrorCodes.ROOM_EXISTS, "a room named " + create.room() + " exists already; join it", false);
                return;
            }
            live.add(conversation, session);
        }
        LOG.info("{} created room {}", user, create.room());
        write(session, new Frame.Room(create.id(), create.room(), topic, 1, true));
    }

    private void onRoomJoin(IoSession session, Frame.RoomJoin join) {
        String user = requireUser(session, join.id());
        if (user == null || !validRoomName(session, join.id(), join.room())) {
            return;
        }
        Optional<RoomRecord> room = store.findRoom(join.room());
        if (room.isEmpty()) {
            refuse(session, join.id(), ErrorCodes.UNKNOWN_ROOM, "there is no room named " + join.room(), false);
            return;
        }
        String conversation = "room:" + join.room();
        Sequence sequence = sequence(conversation);
        synchronized (sequence) {
            load(sequence, conversation);
            store.addMember(conversation, user, sequence.last);
            live.add(conversation, session);
        }
        RoomRecord joined = store.findRoom(join.room()).orElse(room.get());
        write(session, new Frame.Room(join.id(), joined.name(), joined.topic(), joined.members(), true));
    }

    private void onRoomLeave(IoSession session, Frame.RoomLeave leave) {
        String user = requireUser(session, leave.id());
        if (user == null || !validRoomName(session, leave.id(), leave.room())) {
            return;
        }
        String conversation = "room:" + leave.room();
        if (conversation.equals(Limits.LOBBY)) {
            refuse(session, leave.id(), ErrorCodes.CANNOT_LEAVE, "everyone stays in the lobby", false);
            return;
        }
        Optional<RoomRecord> room = store.findRoom(leave.room());
        if (room.isEmpty()) {
            refuse(session, leave.id(), ErrorCodes.UNKNOWN_ROOM, "there is no room named " + leave.room(), false);
            return;
        }
        Sequence sequence = sequence(conversation);
        synchronized (sequence) {
            store.removeMember(conversation, user);
            live.remove(conversation, session);
        }
        RoomRecord left = store.findRoom(leave.room()).orElse(room.get());
        write(session, new Frame.Room(leave.id(), left.name(), left.topic(), left.members(), false));
    }

    private void onRoomList(IoSession session, Frame.RoomList list) {
        String user = requireUser(session, list.id());
        if (user == null) {
            return;
        }
        List<Frame.Room> rooms = store.rooms().stream()
            .map(r -> new Frame.Room(null, r.name(), r.topic(), r.members(), live.contains(session, "room:" + r.name())))
            .toList();
        write(session, new Frame.Rooms(list.id(), rooms));
    }

    // ---------------------------------------------------------------- admin

    private void onAdmin(IoSession session, Frame.Admin admin) {
        if (!session.containsAttribute(GREETED)) {
            refuse(session, admin.id(), ErrorCodes.NOT_READY, "send hello first", true);
            return;
        }
        boolean isAdmin = Boolean.TRUE.equals(session.getAttribute(ADMIN)) && session.containsAttribute(USER);
        long now = System.currentTimeMillis();
        String ipKey = "ip:" + address(session);
        if (!isAdmin) {
            long blocked = throttle.blockedFor(now, ipKey);
            if (blocked > 0) {
                int seconds = (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(blocked + 999));
                write(session, new Frame.Error(admin.id(), ErrorCodes.RATE_LIMITED, "too many failed attempts; try again in " + seconds + " s", seconds));
                return;
            }
            if (!adminSecret.matches(admin.secret())) {
                throttle.failed(now, ipKey);
                refuse(session, admin.id(), ErrorCodes.FORBIDDEN, "admin actions need an admin account or the server's admin secret", false);
                return;
            }
        }
        String target = admin.user();
        String action = admin.action() == null ? "" : admin.action();
        if (target == null || !Limits.USER_NAME.matcher(target).matches()) {
            refuse(session, admin.id(), ErrorCodes.INVALID_NAME, "name a valid user", false);
            return;
        }
        String by = isAdmin ? (String) session.getAttribute(USER) : "the admin secret";
        switch (action) {
            case Frame.Admin.CREATE_ACCOUNT, Frame.Admin.CREATE_ADMIN -> {
                if (!acceptablePassword(admin.password())) {
                    refuse(session, admin.id(), ErrorCodes.WEAK_PASSWORD, "a password has " + Limits.MIN_PASSWORD_CHARS + " to "
                        + Limits.MAX_PASSWORD_CHARS + " characters", false);
                    return;
                }
                if (!store.createAccount(target, passwords.hash(admin.password()), action.equals(Frame.Admin.CREATE_ADMIN), now)) {
                    refuse(session, admin.id(), ErrorCodes.ACCOUNT_EXISTS, "an account named " + target + " exists already", false);
                    return;
                }
                LOG.info("account {} created by {}", target, by);
            }
            case Frame.Admin.RESET_PASSWORD -> {
                if (!acceptablePassword(admin.password())) {
                    refuse(session, admin.id(), ErrorCodes.WEAK_PASSWORD, "a password has " + Limits.MIN_PASSWORD_CHARS + " to "
                        + Limits.MAX_PASSWORD_CHARS + " characters", false);
                    return;
                }
                if (!store.updatePassword(target, passwords.hash(admin.password()))) {
                    refuse(session, admin.id(), ErrorCodes.UNKNOWN_USER, "there is no user named " + target, false);
                    return;
                }
                store.deleteResumeTokens(target);
                LOG.info("password of {} reset by {}", target, by);
            }
            case Frame.Admin.KICK -> {
                if (!kick(target, admin.reason() == null ? KICK_REASON_ADMIN : admin.reason())) {
                    refuse(session, admin.id(), ErrorCodes.UNKNOWN_USER, target + " is not online", false);
                    return;
                }
                LOG.info("{} kicked by {}", target, by);
            }
            case Frame.Admin.BAN -> {
                if (!store.setBanned(target, true)) {
                    refuse(session, admin.id(), ErrorCodes.UNKNOWN_USER, "there is no user named " + target, false);
                    return;
                }
                store.deleteResumeTokens(target);
                kick(target, "banned" + (admin.reason() == null ? "" : ": " + admin.reason()));
                LOG.info("{} banned by {}", target, by);
            }
            case Frame.Admin.UNBAN -> {
                if (!store.setBanned(target, false)) {
                    refuse(session, admin.id(), ErrorCodes.UNKNOWN_USER, "there is no user named " + target, false);
                    return;
                }
                LOG.info("{} unbanned by {}", target, by);
            }
            default -> {
                refuse(session, admin.id(), ErrorCodes.INVALID_REQUEST, "unknown admin action '" + action + "'", false);
                return;
            }
        }
        write(session, new Frame.Ok(admin.id()));
    }

    private static boolean acceptablePassword(String password) {
        return password != null && password.length() >= Limits.MIN_PASSWORD_CHARS && password.length() <= Limits.MAX_PASSWORD_CHARS;
    }

    private boolean kick(String user, String reason) {
        synchronized (presenceLock) {
            Optional<IoSession> session = registry.session(user);
            if (session.isEmpty()) {
                return false;
            }
            IoSession target = session.get();
            if (registry.unbind(user, target)) {
                presenceHub.leave(target, user);
            }
            end(target, reason, true);
            return true;
        }
    }

    private void onLogout(IoSession session) {
        Object tokenHash = session.getAttribute(TOKEN_HASH);
        if (tokenHash != null) {
            try {
                store.deleteResumeToken((String) tokenHash);
            } catch (StoreException e) {
                LOG.error("could not revoke the resume token at logout (it expires by itself)", e);
            }
        }
        session.setAttribute(ENDING, Boolean.TRUE);
        session.closeOnFlush();
    }

    /** Tells every logged-in user that the shared folder changed. */
    public void fileChanged(Frame.FileEvent event) {
        broadcastToAll(event, null);
    }

    // ---------------------------------------------------------------- writing

    /** Encodes {@code frame} once and queues the same bytes to each of {@code recipients} except {@code except}. */
    private void broadcast(Frame frame, Collection<IoSession> recipients, IoSession except) {
        if (recipients.isEmpty()) {
            return;
        }
        EncodedFrame encoded = EncodedFrame.of(frame, Integer.MAX_VALUE);
        for (IoSession recipient : recipients) {
            if (recipient != except) {
                write(recipient, encoded);
            }
        }
    }

    private void broadcastToAll(Frame frame, IoSession except) {
        broadcast(frame, registry.localSessions(), except);
    }

    private void write(IoSession session, Object frame) {
        if (session.isClosing()) {
            return;
        }
        if (session.getScheduledWriteBytes() > config.maxQueuedBytesPerSession()) {
            LOG.warn("closing {} ({}): it does not read what it is sent", session.getAttribute(USER), session.getRemoteAddress());
            session.closeNow();
            return;
        }
        session.write(frame);
    }

    private void refuse(IoSession session, String requestId, String code, String text, boolean close) {
        write(session, new Frame.Error(requestId, code, text));
        if (close) {
            session.setAttribute(ENDING, Boolean.TRUE);
            session.closeOnFlush();
        }
    }

    // ---------------------------------------------------------------- session events

    @Override
    public void sessionClosed(IoSession session) {
        live.removeSession(session);
        String user = (String) session.getAttribute(USER);
        if (user == null) {
            return;
        }
        synchronized (presenceLock) {
            if (registry.unbind(user, session)) {
                presenceHub.leave(session, user);
                LOG.info("{} left", user);
            }
        }
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        LOG.debug("closing idle session {} ({})", session.getRemoteAddress(), session.getAttribute(USER));
        session.closeNow();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Throwable root = cause instanceof ProtocolDecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameTooLargeException tooLarge) {
            LOG.warn("{}: {}; closing", session.getRemoteAddress(), tooLarge.getMessage());
            refuse(session, null, ErrorCodes.FRAME_TOO_LARGE, tooLarge.getMessage(), true);
        } else if (root instanceof MalformedFrameException malformed) {
            LOG.warn("{}: malformed frame ({}); closing", session.getRemoteAddress(), malformed.getMessage());
            refuse(session, null, ErrorCodes.MALFORMED_FRAME, malformed.getMessage(), true);
        } else if (root instanceof IOException) {
            LOG.debug("{}: connection error: {}", session.getRemoteAddress(), root.toString());
            session.closeNow();
        } else {
            LOG.error("{}: unexpected error; closing the session", session.getRemoteAddress(), root);
            session.closeNow();
        }
    }
}
