package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code room_create}: creates a room with its creator as the first member. */
record RoomCreateHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox)
    implements FrameHandler<Frame.RoomCreate> {
    private static final Logger LOG = LoggerFactory.getLogger(RoomCreateHandler.class);

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.RoomCreate create) {
        if (!requires.validRoomName(session, create.id(), create.room())) {
            return;
        }
        String topic = create.topic() == null ? "" : create.topic().strip();
        if (topic.length() > Limits.MAX_TOPIC_CHARS || !Requires.validUnicode(topic)) {
            outbox.refuse(session, create.id(), ErrorCodes.INVALID_REQUEST, "a topic has at most " + Limits.MAX_TOPIC_CHARS + " characters of valid Unicode", false);
            return;
        }
        String conversation = Conversations.ROOM_PREFIX + create.room();
        Sequences.Sequence sequence = sequences.of(conversation);
        synchronized (sequence) {
            if (!store.createRoom(create.room(), topic, user, System.currentTimeMillis())) {
                outbox.refuse(session, create.id(), ErrorCodes.ROOM_EXISTS, "a room named " + create.room() + " exists already; join it", false);
                return;
            }
            live.add(conversation, session);
        }
        LOG.info("{} created room {}", user, create.room());
        outbox.write(session, new Frame.Room(create.id(), create.room(), topic, 1, true));
    }
}
