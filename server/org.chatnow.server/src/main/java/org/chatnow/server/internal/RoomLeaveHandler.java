package org.chatnow.server.internal;

import java.util.Optional;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** {@code room_leave}: the user leaves a room (never the lobby). */
final class RoomLeaveHandler implements FrameHandler<Frame.RoomLeave> {
    private final ChatStore store;
    private final Sequences sequences;
    private final LiveIndex live;
    private final Requires requires;
    private final Outbox outbox;

    RoomLeaveHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox) {
        this.store = store;
        this.sequences = sequences;
        this.live = live;
        this.requires = requires;
        this.outbox = outbox;
    }

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomLeave leave) {
        if (!requires.validRoomName(session, leave.id(), leave.room())) {
            return;
        }
        String conversation = Conversations.ROOM_PREFIX + leave.room();
        if (conversation.equals(Limits.LOBBY)) {
            outbox.refuse(session, leave.id(), ErrorCodes.CANNOT_LEAVE, "everyone stays in the lobby", false);
            return;
        }
        Optional<RoomRecord> room = store.findRoom(leave.room());
        if (room.isEmpty()) {
            outbox.refuse(session, leave.id(), ErrorCodes.UNKNOWN_ROOM, "there is no room named " + leave.room(), false);
            return;
        }
        Sequences.Sequence sequence = sequences.of(conversation);
        synchronized (sequence) {
            store.removeMember(conversation, user);
            live.remove(conversation, session);
        }
        RoomRecord left = store.findRoom(leave.room()).orElse(room.get());
        outbox.write(session, new Frame.Room(leave.id(), left.name(), left.topic(), left.members(), false));
    }
}
