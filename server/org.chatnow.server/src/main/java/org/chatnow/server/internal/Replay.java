package org.chatnow.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.Membership;
import org.chatnow.server.store.StoredMessage;

/**
 * After a login: sends what the client missed in each of its conversations, then makes the session live for it, so
 * it receives every message exactly once and in order, whether it was stored before (replayed) or after (delivered).
 */
record Replay(ChatStore store, Sequences sequences, LiveIndex live, RoomTopics topics, Outbox outbox) {
    /**
     * Sends what the client missed in each of its conversations (after its {@code have} position, else after its
     * read position), then makes the session live for that conversation, both under the conversation's lock.
     */
    void replay(IoSession session, Frame.Login login, List<Membership> memberships) {
        Map<String, Long> have = login.have() == null ? Map.of() : login.have();
        List<Frame.ConversationState> states = new ArrayList<>();
        List<String> truncated = new ArrayList<>();
        for (Membership membership : memberships) {
            String conversation = membership.conversation();
            Sequences.Sequence sequence = sequences.of(conversation);
            synchronized (sequence) {
                sequence.load();
                // messages after 'delivered' are still being stored; they reach this session as live deliveries
                long last = sequence.delivered;
                Long held = have.get(conversation);
                long from = Math.max(0, Math.min(held != null ? held : membership.readSeq(), last));
                if (last - from > Limits.SYNC_LIMIT) {
                    from = last - Limits.SYNC_LIMIT;
                    truncated.add(conversation);
                }
                if (from < last) {
                    for (StoredMessage m : store.messagesAfter(conversation, from, Limits.SYNC_LIMIT)) {
                        if (m.seq() > last) {
                            break; // stored but not yet handed on: it comes as a live delivery
                        }
                        outbox.write(session, Conversations.toFrame(m));
                    }
                }
                live.add(conversation, session);
                String topic = conversation.startsWith(Conversations.ROOM_PREFIX)
                    ? topics.topic(conversation.substring(Conversations.ROOM_PREFIX.length())) : null;
                Map<String, Long> reads = Conversations.isDirect(conversation) ? store.readPositions(conversation) : null;
                states.add(new Frame.ConversationState(conversation, topic, last, membership.readSeq(), reads));
            }
        }
        outbox.write(session, new Frame.Synced(login.id(), states, truncated));
        if (session.isClosing()) {
            live.removeSession(session);
        }
    }
}
