package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code admin}: account creation, password reset, kick, ban and unban; for an admin account, or for anyone with the
 * server's admin secret (throttled by address, like password guesses).
 */
record AdminHandler(ChatStore store, Passwords passwords, LoginThrottle throttle, AdminSecret adminSecret,
    Sessions sessions, Outbox outbox) implements FrameHandler<Frame.Admin> {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Admin admin) {
        if (!state.greeted()) {
            outbox.refuse(session, admin.id(), ErrorCodes.NOT_READY, "send hello first", true);
            return;
        }
        boolean isAdmin = state.admin() && user != null;
        long now = System.currentTimeMillis();
        if (!isAdmin) {
            String ipKey = LoginThrottle.addressKey(session);
            long blocked = throttle.blockedFor(now, ipKey);
            if (blocked > 0) {
                outbox.rateLimited(session, admin.id(), "too many failed attempts", blocked);
                return;
            }
            if (!adminSecret.matches(admin.secret())) {
                throttle.failed(now, ipKey);
                outbox.refuse(session, admin.id(), ErrorCodes.FORBIDDEN, "admin actions need an admin account or the server's admin secret", false);
                return;
            }
        }
        String target = admin.user();
        if (target == null || !Limits.USER_NAME.matcher(target).matches()) {
            outbox.refuse(session, admin.id(), ErrorCodes.INVALID_NAME, "name a valid user", false);
            return;
        }
        if (act(session, admin, target, isAdmin ? user : "the admin secret", now)) {
            outbox.write(session, new Frame.Ok(admin.id()));
        }
    }

    /** Carries out the action; false if it was refused. */
    private boolean act(IoSession session, Frame.Admin admin, String target, String by, long now) {
        String action = admin.action() == null ? "" : admin.action();
        switch (action) {
            case Frame.Admin.CREATE_ACCOUNT, Frame.Admin.CREATE_ADMIN -> {
                if (!acceptablePassword(session, admin)) {
                    return false;
                }
                if (!store.createAccount(target, passwords.hash(admin.password()), action.equals(Frame.Admin.CREATE_ADMIN), now)) {
                    return refuse(session, admin, ErrorCodes.ACCOUNT_EXISTS, "an account named " + target + " exists already");
                }
                LOG.info("account {} created by {}", target, by);
            }
            case Frame.Admin.RESET_PASSWORD -> {
                if (!acceptablePassword(session, admin)) {
                    return false;
                }
                if (!store.updatePassword(target, passwords.hash(admin.password()))) {
                    return refuse(session, admin, ErrorCodes.UNKNOWN_USER, "there is no user named " + target);
                }
                store.deleteResumeTokens(target);
                LOG.info("password of {} reset by {}", target, by);
            }
            case Frame.Admin.KICK -> {
                if (!sessions.kick(target, admin.reason() == null ? Sessions.KICK_REASON_ADMIN : admin.reason())) {
                    return refuse(session, admin, ErrorCodes.UNKNOWN_USER, target + " is not online");
                }
                LOG.info("{} kicked by {}", target, by);
            }
            case Frame.Admin.BAN -> {
                if (!store.setBanned(target, true)) {
                    return refuse(session, admin, ErrorCodes.UNKNOWN_USER, "there is no user named " + target);
                }
                store.deleteResumeTokens(target);
                sessions.kick(target, "banned" + (admin.reason() == null ? "" : ": " + admin.reason()));
                LOG.info("{} banned by {}", target, by);
            }
            case Frame.Admin.UNBAN -> {
                if (!store.setBanned(target, false)) {
                    return refuse(session, admin, ErrorCodes.UNKNOWN_USER, "there is no user named " + target);
                }
                LOG.info("{} unbanned by {}", target, by);
            }
            default -> {
                return refuse(session, admin, ErrorCodes.INVALID_REQUEST, "unknown admin action '" + action + "'");
            }
        }
        return true;
    }

    private boolean acceptablePassword(IoSession session, Frame.Admin admin) {
        String password = admin.password();
        if (password != null && password.length() >= Limits.MIN_PASSWORD_CHARS && password.length() <= Limits.MAX_PASSWORD_CHARS) {
            return true;
        }
        return refuse(session, admin, ErrorCodes.WEAK_PASSWORD, "a password has " + Limits.MIN_PASSWORD_CHARS + " to "
            + Limits.MAX_PASSWORD_CHARS + " characters");
    }

    /** Refuses {@code admin}; always false, so a refusal ends the action in one line. */
    private boolean refuse(IoSession session, Frame.Admin admin, String code, String text) {
        outbox.refuse(session, admin.id(), code, text, false);
        return false;
    }
}
