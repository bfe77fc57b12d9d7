package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/** {@code logout}: forgets the session's resume token and closes the connection once what is queued is sent. */
record LogoutHandler(Sessions sessions) implements FrameHandler<Frame.Logout> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Logout logout) {
        sessions.logout(session, state);
    }
}
