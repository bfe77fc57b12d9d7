package org.chatnow.server.internal;

import java.util.Optional;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** Checks several handlers share; each refuses the request when it fails. */
record Requires(ChatStore store, LiveIndex live, Outbox outbox) {
    /** Whether the session is in {@code conversation} (it is live there once its login replayed it, or it joined). */
    boolean member(IoSession session, String requestId, String conversation) {
        if (conversation == null || !live.contains(session, conversation)) {
            outbox.refuse(session, requestId, ErrorCodes.UNKNOWN_CONVERSATION, "you are not in " + conversation, false);
            return false;
        }
        return true;
    }

    /** The room named {@code room}; null, after refusing, if the name is invalid or no such room exists. */
    RoomRecord existingRoom(IoSession session, String requestId, String room) {
        if (!validRoomName(session, requestId, room)) {
            return null;
        }
        Optional<RoomRecord> found = store.findRoom(room);
        if (found.isEmpty()) {
            outbox.refuse(session, requestId, ErrorCodes.UNKNOWN_ROOM, "there is no room named " + room, false);
            return null;
        }
        return found.get();
    }

    boolean validRoomName(IoSession session, String requestId, String room) {
        if (room == null || !Limits.ROOM_NAME.matcher(room).matches()) {
            outbox.refuse(session, requestId, ErrorCodes.INVALID_NAME,
                "a room name has 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", false);
            return false;
        }
        return true;
    }

    /** Whether every surrogate in {@code text} is half of a pair, i.e. the text is valid Unicode. */
    static boolean validUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
