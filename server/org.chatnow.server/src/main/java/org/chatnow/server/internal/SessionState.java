package org.chatnow.server.internal;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/**
 * Everything the server keeps about one chat connection, in one object under one session attribute. Handlers read
 * it on the session's own thread; other sessions' threads read the user (routing, takeover, presence), so the
 * fields they share are volatile. Changes of the login binding (user, status) happen under the lock of
 * {@link Sessions}.
 */
final class SessionState {
    private static final AttributeKey KEY = new AttributeKey(SessionState.class, "state");
    /** How many frames may wait for a login's check before the client is told to wait and closed. */
    static final int MAX_HELD_FRAMES = 1000;

    /** What {@link #hold} did with a frame. */
    enum Hold {
        /** No login is being checked: handle the frame now. */
        NOT_HELD,
        /** Kept, to be handled once the login is done. */
        HELD,
        /** Too many frames wait already. */
        FULL
    }

    private volatile boolean greeted;
    /** The logged-in user; null before the login and once the session was ended by a takeover or a kick. */
    private volatile String user;
    private volatile boolean admin;
    private volatile String status;
    private volatile String tokenHash;
    private volatile long loggedInAt;
    /** Set when the session is being closed (protocol violation, logout, kick): nothing it sends afterwards is handled. */
    private volatile boolean ending;
    /** Frames that arrived while the session's login was being checked (non-null only then); guarded by this. */
    private ArrayDeque<Frame> held;
    /** The conversations whose new messages this session receives as they are stored (see {@link LiveIndex}). */
    private final Set<String> liveConversations = ConcurrentHashMap.newKeySet();

    /** The state of {@code session}, created on first use. */
    static SessionState of(IoSession session) {
        SessionState state = (SessionState) session.getAttribute(KEY);
        if (state == null) {
            SessionState created = new SessionState();
            state = (SessionState) session.setAttributeIfAbsent(KEY, created);
            if (state == null) {
                state = created;
            }
        }
        return state;
    }

    /** The logged-in user of {@code session}, for log lines; null if none. */
    static String userOf(IoSession session) {
        return session.getAttribute(KEY) instanceof SessionState state ? state.user : null;
    }

    boolean greeted() {
        return greeted;
    }

    void greet() {
        greeted = true;
    }

    String user() {
        return user;
    }

    boolean loggedIn() {
        return user != null;
    }

    boolean admin() {
        return admin;
    }

    String status() {
        return status;
    }

    void status(String value) {
        status = value;
    }

    String tokenHash() {
        return tokenHash;
    }

    long loggedInAt() {
        return loggedInAt;
    }

    /** Binds the session to {@code account}'s login; called under the lock of {@link Sessions}. */
    void bind(String account, boolean isAdmin, String hashOfToken, long now) {
        admin = isAdmin;
        status = Frame.Presence.ONLINE;
        tokenHash = hashOfToken;
        loggedInAt = now;
        user = account;
    }

    /** The session no longer speaks for its user (taken over or kicked); it keeps its token hash to revoke. */
    void unbind() {
        user = null;
    }

    boolean ending() {
        return ending;
    }

    void end() {
        ending = true;
    }

    Set<String> liveConversations() {
        return liveConversations;
    }

    /** Keeps {@code frame} for later if a login is being checked. */
    synchronized Hold hold(Frame frame) {
        if (held == null) {
            return Hold.NOT_HELD;
        }
        if (held.size() >= MAX_HELD_FRAMES) {
            return Hold.FULL;
        }
        held.add(frame);
        return Hold.HELD;
    }

    /** A login is being checked: frames are held from now on (those held already stay, in order). */
    synchronized void loginStarted() {
        if (held == null) {
            held = new ArrayDeque<>();
        }
    }

    /** The next frame held during the login; null when none is left, and then frames pass directly again. */
    synchronized Frame nextHeldOrLoginDone() {
        Frame next = held == null ? null : held.poll();
        if (next == null) {
            held = null;
        }
        return next;
    }
}
