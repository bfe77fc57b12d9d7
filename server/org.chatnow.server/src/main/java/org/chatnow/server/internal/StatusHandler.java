package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;

/** {@code presence} from a client: sets the user's own status, online or away. */
record StatusHandler(Sessions sessions, Outbox outbox) implements FrameHandler<Frame.Presence> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Presence presence) {
        String status = presence.status();
        if (!Frame.Presence.ONLINE.equals(status) && !Frame.Presence.AWAY.equals(status)) {
            outbox.refuse(session, null, ErrorCodes.INVALID_REQUEST, "a presence is 'online' or 'away'", false);
            return;
        }
        sessions.status(session, state, user, status);
    }
}
