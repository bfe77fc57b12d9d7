package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/**
 * {@code pong}: a client's answer to the server's idle {@code ping}. Nothing to do: its arrival (any byte would do) is
 * what keeps the connection open, and {@link IdleLimit} has seen it already.
 */
record PongHandler() implements FrameHandler<Frame.Pong> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Pong pong) {
    }
}
