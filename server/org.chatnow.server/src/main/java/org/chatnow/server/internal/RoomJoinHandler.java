package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** {@code room_join}: makes the user a member, read up to now, and the session live in the room. */
record RoomJoinHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox)
    implements FrameHandler<Frame.RoomJoin> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomJoin join) {
        RoomRecord room = requires.existingRoom(session, join.id(), join.room());
        if (room == null) {
            return;
        }
        String conversation = Conversations.ROOM_PREFIX + join.room();
        Sequences.Sequence sequence = sequences.of(conversation);
        synchronized (sequence) {
            // under the lock: the session is live from the first message after its read position
            sequence.load();
            store.addMember(conversation, user, sequence.last);
            live.add(conversation, session);
        }
        RoomRecord joined = store.findRoom(join.room()).orElse(room);
        outbox.write(session, new Frame.Room(join.id(), joined.name(), joined.topic(), joined.members(), true));
    }
}
