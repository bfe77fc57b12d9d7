package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/** {@code ping}: answered at once, logged in or not (it keeps an idle connection open). */
record PingHandler(Outbox outbox) implements FrameHandler<Frame.Ping> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Ping ping) {
        outbox.write(session, new Frame.Pong(ping.id()));
    }
}
