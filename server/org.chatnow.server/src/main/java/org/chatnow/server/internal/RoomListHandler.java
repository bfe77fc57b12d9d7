package org.chatnow.server.internal;

import java.util.List;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.ChatStore;

/** {@code room_list}: every room, with whether the user is in it. */
record RoomListHandler(ChatStore store, LiveIndex live, Outbox outbox) implements FrameHandler<Frame.RoomList> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomList list) {
        List<Frame.Room> rooms = store.rooms().stream()
            .map(r -> new Frame.Room(null, r.name(), r.topic(), r.members(), live.contains(session, Conversations.ROOM_PREFIX + r.name())))
            .toList();
        outbox.write(session, new Frame.Rooms(list.id(), rooms));
    }
}
