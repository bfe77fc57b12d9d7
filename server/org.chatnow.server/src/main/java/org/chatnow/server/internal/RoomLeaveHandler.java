package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** {@code room_leave}: the user leaves a room (never the lobby). */
record RoomLeaveHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox)
    implements FrameHandler<Frame.RoomLeave> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomLeave leave) {
        String conversation = Conversations.ROOM_PREFIX + leave.room();
        if (conversation.equals(Limits.LOBBY)) {
            outbox.refuse(session, leave.id(), ErrorCodes.CANNOT_LEAVE, "everyone stays in the lobby", false);
            return;
        }
        RoomRecord room = requires.existingRoom(session, leave.id(), leave.room());
        if (room == null) {
            return;
        }
        Sequences.Sequence sequence = sequences.of(conversation);
        synchronized (sequence) {
            store.removeMember(conversation, user);
            live.remove(conversation, session);
        }
        RoomRecord left = store.findRoom(leave.room()).orElse(room);
        outbox.write(session, new Frame.Room(leave.id(), left.name(), left.topic(), left.members(), false));
    }
}
