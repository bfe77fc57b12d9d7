package org.chatnow.server.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.Account;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logged-in sessions: binds a session to its user (ending the one it takes over), ends sessions on kick, logout
 * and close, and changes presence. Logins, takeovers, status changes and leaves happen under one lock, so that every
 * session sees joins and leaves in one order.
 */
final class Sessions implements AutoCloseable {
    static final String KICK_REASON_TAKEOVER = "logged in elsewhere";
    static final String KICK_REASON_ADMIN = "removed by an administrator";
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final ChatStore store;
    private final SessionRegistry registry;
    private final LiveIndex live;
    private final PresenceHub presenceHub;
    private final Outbox outbox;
    /** Orders logins, takeovers and leaves so that every session sees joins and leaves in one order. */
    private final Object presenceLock = new Object();

    private final FileSessions fileSessions;
    private final IdleLimit idle;

    Sessions(ChatStore store, SessionRegistry registry, LiveIndex live, int presenceListLimit, Outbox outbox, FileSessions fileSessions,
        IdleLimit idle) {
        this.fileSessions = fileSessions;
        this.idle = idle;
        this.store = store;
        this.registry = registry;
        this.live = live;
        this.outbox = outbox;
        this.presenceHub = new PresenceHub(presenceListLimit, outbox::write);
    }

    /**
     * Makes {@code session} the session of {@code account}, ending the one it replaces, and answers the login; the
     * presence list goes out right after the answer. {@code contacts} are the users it has private conversations with.
     */
    void bind(IoSession session, Account account, String token, boolean created, String loginId, List<String> contacts) {
        String user = account.name();
        String tokenHash = Passwords.tokenHash(token);
        synchronized (presenceLock) {
            SessionState.of(session).bind(user, account.admin(), tokenHash, System.currentTimeMillis());
            idle.watch(session, IdleStatus.READER_IDLE); // the server writes at any time: only what it receives shows life
            Optional<IoSession> previous = registry.bind(user, session);
            previous.ifPresent(old -> {
                String oldToken = SessionState.of(old).tokenHash();
                // a takeover with the same resume token is the same client reconnecting: its token stays valid
                end(old, KICK_REASON_TAKEOVER, oldToken != null && !oldToken.equals(tokenHash));
                LOG.info("{} logged in again from {}; ended the session from {}", user, session.getRemoteAddress(), old.getRemoteAddress());
            });
            outbox.write(session, new Frame.LoginOk(loginId, user, token, account.admin(), created));
            presenceHub.join(session, user, contacts, previous.orElse(null));
            if (previous.isEmpty()) {
                LOG.info("{} logged in from {}", user, session.getRemoteAddress());
            }
            if (session.isClosing()) {
                // the connection closed while its login was checked: its close may have come before the user was bound
                // here and left nothing to unbind (a session that closes later finds its user in closed())
                leave(session, user);
            }
        }
    }

    /** Ends {@code session} with a kicked frame; called with the presence lock held. */
    private void end(IoSession session, String reason, boolean revokeToken) {
        SessionState state = SessionState.of(session);
        state.unbind();
        live.removeSession(session);
        if (revokeToken) {
            revoke(state, "could not revoke the resume token of an ended session (it expires by itself)");
        }
        state.end();
        outbox.write(session, new Frame.Kicked(reason));
        session.closeOnFlush();
    }

    private void revoke(SessionState state, String failure) {
        String tokenHash = state.tokenHash();
        if (tokenHash != null) {
            fileSessions.tokenRevoked(tokenHash);
            try {
                store.deleteResumeToken(tokenHash);
            } catch (StoreException e) {
                LOG.error(failure, e);
            }
        }
    }

    /** Ends the session of {@code user} telling it {@code reason}; false if the user is not online here. */
    boolean kick(String user, String reason) {
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

    /** Every resume token of {@code user} was deleted (password reset, ban): their file connections end as well. */
    void accountLockedOut(String user) {
        fileSessions.accountLockedOut(user);
    }

    /** The client leaves: its resume token is forgotten and the connection closed once what is queued is sent. */
    void logout(IoSession session, SessionState state) {
        revoke(state, "could not revoke the resume token at logout (it expires by itself)");
        state.end();
        session.closeOnFlush();
    }

    /** {@code user} set their presence to {@code status} (online or away) on {@code session}. */
    void status(IoSession session, SessionState state, String user, String status) {
        synchronized (presenceLock) {
            if (!status.equals(state.status()) && user.equals(state.user())) {
                state.status(status);
                presenceHub.status(session, user, status);
            }
        }
    }

    /** The session of {@code user} if it is logged in here and not closing. */
    Optional<IoSession> readySession(String user) {
        return registry.session(user).filter(s -> user.equals(SessionState.userOf(s)) && !s.isClosing());
    }

    /** {@code a} and {@code b} now share a private conversation: each sees the other's presence. */
    void contacts(String a, IoSession sessionOfA, String b, IoSession sessionOfB) {
        presenceHub.contacts(a, sessionOfA, b, sessionOfB);
    }

    /** Sessions of every logged-in user on this node. */
    Collection<IoSession> all() {
        return registry.localSessions();
    }

    /** {@code session} was closed: its user leaves, unless another session took the user over. */
    void closed(IoSession session) {
        live.removeSession(session);
        String user = SessionState.userOf(session);
        if (user == null) {
            return;
        }
        synchronized (presenceLock) {
            leave(session, user);
        }
    }

    /** {@code user} leaves unless another session took it over; called with the presence lock held. */
    private void leave(IoSession session, String user) {
        if (registry.unbind(user, session)) {
            presenceHub.leave(session, user);
            LOG.info("{} left", user);
        }
    }

    @Override
    public void close() {
        presenceHub.close();
    }
}
