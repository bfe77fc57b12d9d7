package org.chatnow.server.internal;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/**
 * The idle limit of logged-in chat connections and authorised file connections, both the same: after
 * {@code idleSeconds} without receiving anything the server sends {@code ping}; if nothing arrives within
 * {@code graceSeconds} after it, the connection ends with {@code idle_timeout}. A dead peer is found without closing a
 * live client that had nothing to say. MINA's idle events drive it ({@link IdleStatus#READER_IDLE} on chat
 * connections, which the server writes to at any time; {@link IdleStatus#BOTH_IDLE} on file connections, where a
 * download in progress counts as activity).
 */
final class IdleLimit {
    /** The id of the server's pings (any string would do: every byte received counts, not the pong). */
    static final String PING_ID = "idle";
    private static final AttributeKey PINGED_AT = new AttributeKey(IdleLimit.class, "pingedAt");

    /** What to do with a connection that went idle. */
    enum Verdict {
        /** Send it a ping (the grace period runs from now). */
        PING,
        /** It did not answer a ping: end it with {@code idle_timeout}. */
        END
    }

    private final int idleSeconds;
    private final int graceSeconds;

    IdleLimit(int idleSeconds, int graceSeconds) {
        this.idleSeconds = idleSeconds;
        this.graceSeconds = graceSeconds;
    }

    /** From now on {@code session} is held to the idle limit, {@code status} saying what counts as activity. */
    void watch(IoSession session, IdleStatus status) {
        session.getConfig().setIdleTime(status, idleSeconds);
    }

    /** A frame arrived on {@code session}: if it had been pinged, it gets the whole idle period again. */
    void received(IoSession session, IdleStatus status) {
        if (session.containsAttribute(PINGED_AT) && session.removeAttribute(PINGED_AT) != null) {
            session.getConfig().setIdleTime(status, idleSeconds);
        }
    }

    /**
     * {@code session} went idle ({@code status}): ping it, or end it if nothing was read since its ping. Bytes that do
     * not make a whole frame yet count as an answer too (the next check comes one grace period after them).
     */
    Verdict idle(IoSession session, IdleStatus status) {
        Long pingedAt = (Long) session.getAttribute(PINGED_AT);
        if (pingedAt != null && session.getLastReadTime() < pingedAt) {
            return Verdict.END;
        }
        session.setAttribute(PINGED_AT, System.currentTimeMillis());
        session.getConfig().setIdleTime(status, graceSeconds);
        return Verdict.PING;
    }

    Frame.Ping ping() {
        return new Frame.Ping(PING_ID);
    }

    /** The text of the {@code idle_timeout} error. */
    String why() {
        return "nothing received for " + idleSeconds + " s, nor within " + graceSeconds + " s of the server's ping";
    }
}
