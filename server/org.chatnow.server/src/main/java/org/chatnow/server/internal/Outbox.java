package org.chatnow.server.internal;

import java.util.Collection;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.mina.EncodedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every frame the chat service sends goes through here: the limit on unread output, errors, and broadcasts encoded once. */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private final long maxQueuedBytesPerSession;

    Outbox(long maxQueuedBytesPerSession) {
        this.maxQueuedBytesPerSession = maxQueuedBytesPerSession;
    }

    /** Queues {@code frame} (a {@link Frame} or an {@link EncodedFrame}); closes a session that does not read what it is sent. */
    void write(IoSession session, Object frame) {
        if (session.isClosing()) {
            return;
        }
        if (session.getScheduledWriteBytes() > maxQueuedBytesPerSession) {
            LOG.warn("closing {} ({}): it does not read what it is sent", SessionState.userOf(session), session.getRemoteAddress());
            session.closeNow();
            return;
        }
        session.write(frame);
    }

    /** Answers request {@code requestId} with an error; with {@code close}, ends the session once that is sent. */
    void refuse(IoSession session, String requestId, String code, String text, boolean close) {
        write(session, new Frame.Error(requestId, code, text));
        if (close) {
            SessionState.of(session).end();
            session.closeOnFlush();
        }
    }

    /** Answers request {@code requestId} with a rate-limit error telling when to try again. */
    void rateLimited(IoSession session, String requestId, String what, long blockedMillis) {
        int seconds = LoginThrottle.seconds(blockedMillis);
        write(session, new Frame.Error(requestId, ErrorCodes.RATE_LIMITED,
            what + "; try again in " + seconds + " s", seconds));
    }

    /** Encodes {@code frame} once and queues the same bytes to each of {@code recipients} except {@code except}. */
    void broadcast(Frame frame, Collection<IoSession> recipients, IoSession except) {
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
}
