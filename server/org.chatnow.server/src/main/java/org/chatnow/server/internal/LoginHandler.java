package org.chatnow.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.Account;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.Membership;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code login}: with a password (creating the account while registration is open) or a resume token, throttled
 * against guessing. The check runs on the auth executor (password hashing is slow); frames arriving meanwhile are
 * held by the dispatcher and handled, in order, once it is done ({@code loginDone}).
 */
record LoginHandler(ServerConfig config, ChatStore store, Passwords passwords, LoginThrottle throttle,
    Sessions sessions, Replay replay, Outbox outbox, Executor authExecutor, Consumer<IoSession> loginDone)
    implements FrameHandler<Frame.Login> {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Login login) {
        start(session, state, login);
    }

    /** Checks and starts a login on the auth executor; false if it was refused at once. */
    boolean start(IoSession session, SessionState state, Frame.Login login) {
        if (!state.greeted()) {
            outbox.refuse(session, login.id(), ErrorCodes.NOT_READY, "send hello before login", true);
            return false;
        }
        if (state.loggedIn()) {
            outbox.refuse(session, login.id(), ErrorCodes.NOT_READY, "already logged in as " + state.user(), false);
            return false;
        }
        state.loginStarted();
        authExecutor.execute(() -> {
            try {
                authenticate(session, login);
            } catch (StoreException e) {
                LOG.error("database failure during the login of {}", login.user(), e);
                outbox.refuse(session, login.id(), ErrorCodes.SERVER_ERROR, "the server could not check the login; try again", false);
            } catch (RuntimeException e) {
                LOG.error("login of {} failed", login.user(), e);
                outbox.refuse(session, login.id(), ErrorCodes.SERVER_ERROR, "the server failed during login", false);
            } finally {
                loginDone.accept(session);
            }
        });
        return true;
    }

    private void authenticate(IoSession session, Frame.Login login) {
        long now = System.currentTimeMillis();
        String user = login.user();
        if (user == null || !Limits.USER_NAME.matcher(user).matches()) {
            outbox.refuse(session, login.id(), ErrorCodes.INVALID_NAME, "a user name has 1 to 32 letters, digits, '.', '_' or '-'", false);
            return;
        }
        String ipKey = LoginThrottle.addressKey(session);
        String userKey = "user:" + user;
        String token;
        boolean created = false;
        Account account;
        if (login.resume() != null && (login.password() == null || login.password().isEmpty())) {
            token = login.resume();
            Optional<Account> found = store.resumeTokenOwner(Passwords.tokenHash(token), now).filter(a -> a.name().equals(user));
            if (found.isEmpty()) {
                throttle.failed(now, ipKey);
                outbox.refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "the saved session has ended; log in with your password", false);
                return;
            }
            account = found.get();
        } else {
            // only password logins are slowed down: a guesser must not lock the owner's resumes out
            long blocked = throttle.blockedFor(now, ipKey, userKey);
            if (blocked > 0) {
                outbox.rateLimited(session, login.id(), "too many failed logins", blocked);
                return;
            }
            String password = login.password();
            if (password == null || password.isEmpty() || password.length() > Limits.MAX_PASSWORD_CHARS) {
                outbox.refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "enter your password", false);
                return;
            }
            Optional<Account> found = store.findAccount(user);
            if (found.isEmpty() && config.registrationOpen()) {
                if (password.length() < Limits.MIN_PASSWORD_CHARS) {
                    outbox.refuse(session, login.id(), ErrorCodes.WEAK_PASSWORD, "'" + user + "' is a new account: choose a password of at least "
                        + Limits.MIN_PASSWORD_CHARS + " characters", false);
                    return;
                }
                created = store.createAccount(user, passwords.hash(password), false, now);
                if (created) {
                    LOG.info("account {} created by its first login", user);
                }
                // when not created, a concurrent login created it: the password is checked below
                found = store.findAccount(user);
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
                outbox.refuse(session, login.id(), ErrorCodes.AUTH_FAILED, "wrong user name or password", false);
                return;
            }
            throttle.succeeded(ipKey, userKey);
            account = found.get();
            if (account.banned()) {
                outbox.refuse(session, login.id(), ErrorCodes.BANNED, "this account is banned from the server", false);
                return;
            }
            token = passwords.newToken();
            store.saveResumeToken(Passwords.tokenHash(token), user, now + TimeUnit.DAYS.toMillis(config.resumeTokenDays()));
        }
        if (account.banned()) {
            outbox.refuse(session, login.id(), ErrorCodes.BANNED, "this account is banned from the server", false);
            return;
        }
        if (session.isClosing()) {
            return;
        }
        List<Membership> memberships = store.memberships(account.name());
        sessions.bind(session, account, token, created, login.id(), contacts(account.name(), memberships));
        replay.replay(session, login, memberships);
    }

    /** The users {@code user} has private conversations with. */
    private static List<String> contacts(String user, List<Membership> memberships) {
        List<String> contacts = new ArrayList<>();
        for (Membership membership : memberships) {
            if (Conversations.isDirect(membership.conversation())) {
                String peer = Conversations.peer(membership.conversation(), user);
                if (peer != null) {
                    contacts.add(peer);
                }
            }
        }
        return contacts;
    }
}
