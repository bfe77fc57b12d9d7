package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Limits;

/** Checks several handlers share; each refuses the request when it fails. */
final class Requires {
    private final LiveIndex live;
    private final Outbox outbox;

    Requires(LiveIndex live, Outbox outbox) {
        this.live = live;
        this.outbox = outbox;
    }

    /** Whether the session is in {@code conversation} (it is live there once its login replayed it, or it joined). */
    boolean member(IoSession session, String requestId, String conversation) {
        if (conversation == null || !live.contains(session, conversation)) {
            outbox.refuse(session, requestId, ErrorCodes.UNKNOWN_CONVERSATION, "you are not in " + conversation, false);
            return false;
        }
        return true;
    }

    boolean validRoomName(IoSession session, String requestId, String room) {
        if (room == null || !Limits.ROOM_NAME.matcher(room).matches()) {
            outbox.refuse(session, requestId, ErrorCodes.INVALID_NAME,
                "a room name has 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", false);
            return false;
        }
        return true;
    }
}
