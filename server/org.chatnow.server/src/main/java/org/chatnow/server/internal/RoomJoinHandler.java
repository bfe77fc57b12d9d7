package org.chatnow.server.internal;

import java.util.Optional;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** {@code room_join}: makes the user a member, read up to now, and the session live in the room. */
final class RoomJoinHandler implements FrameHandler<Frame.RoomJoin> {
    private final ChatStore store;
    private final Sequences sequences;
    private final LiveIndex live;
    private final Requires requires;
    private final Outbox outbox;

    RoomJoinHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox) {
        this.store = store;
        this.sequences = sequences;
        this.live = live;
        this.requires = requires;
        this.outbox = outbox;
    }

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomJoin join) {
        if (!requires.validRoomName(session, join.id(), join.room())) {
            return;
        }
        Optional<RoomRecord> room = store.findRoom(join.room());
        if (room.isEmpty()) {
            outbox.refuse(session, join.id(), ErrorCodes.UNKNOWN_ROOM, "there is no room named " + join.room(), false);
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
        RoomRecord joined = store.findRoom(join.room()).orElse(room.get());
        outbox.write(session, new Frame.Room(join.id(), joined.name(), joined.topic(), joined.members(), true));
    }
}
