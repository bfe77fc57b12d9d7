package org.chatnow.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.mina.EncodedFrame;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoreException;
import org.chatnow.server.store.StoredMessage;

/**
 * From a numbered message to its recipients: queues it for the {@link MessageWriter}'s group commit, then
 * acknowledges each stored message to whoever sent it and delivers it to the conversation's live sessions, all
 * frames for one connection in one write. Remembers the messages waiting for their commit by sender and request id,
 * so a resend joins the original.
 */
final class MessageDelivery implements AutoCloseable {
    private final Sequences sequences;
    private final LiveIndex live;
    private final Outbox outbox;
    /** Messages waiting for their commit, by sender and request id: a resend joins the original. */
    private final Map<String, MessageWriter.Pending> pendingIds = new ConcurrentHashMap<>();
    private final MessageWriter writer;

    MessageDelivery(ChatStore store, Sequences sequences, LiveIndex live, Outbox outbox) {
        this.sequences = sequences;
        this.live = live;
        this.outbox = outbox;
        this.writer = new MessageWriter(store, this::deliver, this::notStored, this::current);
    }

    private static String key(String sender, String requestId) {
        return sender + "\u0000" + requestId;
    }

    /** The message {@code sender} sent with {@code requestId} if it still waits for its commit, else null. */
    MessageWriter.Pending waiting(String sender, String requestId) {
        return pendingIds.get(key(sender, requestId));
    }

    /** Waits (briefly, outside any lock) while the writer is far behind, so memory stays bounded. */
    void throttle() {
        writer.throttle();
    }

    /** Queues {@code pending} for storing; called in sequence order, under the conversation's lock. */
    void submit(MessageWriter.Pending pending) {
        StoredMessage m = pending.message;
        if (m.clientId() != null) {
            pendingIds.put(key(m.sender(), m.clientId()), pending);
        }
        writer.submit(pending);
    }

    private boolean current(MessageWriter.Pending pending) {
        Sequences.Sequence sequence = sequences.known(pending.message.conversation());
        if (sequence == null) {
            return false;
        }
        synchronized (sequence) {
            return sequence.epoch == pending.epoch;
        }
    }

    /**
     * A batch is stored: acknowledge each message to whoever sent it and deliver it to the conversation's live
     * sessions, all frames for one connection in one write.
     */
    private void deliver(List<MessageWriter.Pending> batch) {
        Map<IoSession, List<EncodedFrame>> out = new LinkedHashMap<>();
        for (MessageWriter.Pending pending : batch) {
            StoredMessage m = pending.message;
            EncodedFrame message = EncodedFrame.of(Conversations.toFrame(m), Integer.MAX_VALUE);
            Collection<IoSession> recipients;
            Sequences.Sequence sequence = sequences.known(m.conversation());
            synchronized (sequence) {
                sequence.delivered = Math.max(sequence.delivered, m.seq());
                recipients = List.copyOf(live.sessions(m.conversation()));
            }
            for (Object[] ack : pending.finish()) {
                out.computeIfAbsent((IoSession) ack[0], s -> new ArrayList<>())
                    .add(EncodedFrame.of(new Frame.Ack((String) ack[1], m.conversation(), m.seq()), Integer.MAX_VALUE));
            }
            forget(pending);
            for (IoSession recipient : recipients) {
                out.computeIfAbsent(recipient, s -> new ArrayList<>()).add(message);
            }
        }
        out.forEach((session, frames) -> outbox.write(session, EncodedFrame.concat(frames)));
    }

    /**
     * A batch could not be stored (or its numbers were invalidated by an earlier failure): tell the senders, and
     * number the conversations afresh from the database so no gap appears.
     */
    private void notStored(List<MessageWriter.Pending> batch, StoreException error) {
        for (MessageWriter.Pending pending : batch) {
            Sequences.Sequence sequence = sequences.known(pending.message.conversation());
            if (sequence != null) {
                synchronized (sequence) {
                    sequence.invalidate(pending.epoch);
                }
            }
            forget(pending);
            for (Object[] ack : pending.finish()) {
                outbox.refuse((IoSession) ack[0], (String) ack[1], ErrorCodes.SERVER_ERROR, "the server could not store the message; send it again", false);
            }
        }
    }

    private void forget(MessageWriter.Pending pending) {
        StoredMessage m = pending.message;
        if (m.clientId() != null) {
            pendingIds.remove(key(m.sender(), m.clientId()), pending);
        }
    }

    /** Stores what is queued and stops the writer. */
    @Override
    public void close() {
        writer.close();
    }
}
