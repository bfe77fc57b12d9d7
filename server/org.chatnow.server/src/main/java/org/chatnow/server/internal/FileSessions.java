package org.chatnow.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;

/**
 * The authorised file connections, by the chat session (resume token) and account they belong to. A file connection
 * lives as long as its chat session does: ending that session (logout, takeover, kick) or every session of the account
 * (password reset, ban) ends its file connections too, with an error saying why. A chat connection that only drops
 * and resumes keeps its token, so transfers carry on meanwhile.
 */
public final class FileSessions {
    private static final AttributeKey TOKEN = new AttributeKey(FileSessions.class, "token");
    private static final AttributeKey USER = new AttributeKey(FileSessions.class, "user");

    private final Set<IoSession> sessions = ConcurrentHashMap.newKeySet();

    /** {@code session} was authorised by {@code user}'s resume token (its hash). */
    void authorised(IoSession session, String user, String tokenHash) {
        session.setAttribute(TOKEN, tokenHash);
        session.setAttribute(USER, user);
        sessions.add(session);
    }

    /** Whether {@code session} is authorised and its chat session still lives. */
    boolean active(IoSession session) {
        return sessions.contains(session);
    }

    void closed(IoSession session) {
        sessions.remove(session);
    }

    /** The chat session with this token ended: its file connections end too. */
    void tokenRevoked(String tokenHash) {
        for (IoSession session : sessions) {
            if (tokenHash.equals(session.getAttribute(TOKEN))) {
                end(session, "the chat session this file connection belongs to has ended");
            }
        }
    }

    /** Every session of {@code user} ended (password reset, ban): so do their file connections. */
    void accountLockedOut(String user) {
        for (IoSession session : sessions) {
            if (user.equals(session.getAttribute(USER))) {
                end(session, "the account's sessions were ended by an administrator");
            }
        }
    }

    private void end(IoSession session, String why) {
        sessions.remove(session);
        session.removeAttribute(TOKEN);
        session.write(new Frame.Error(null, ErrorCodes.AUTH_FAILED, why, null));
        session.closeOnFlush();
    }
}
