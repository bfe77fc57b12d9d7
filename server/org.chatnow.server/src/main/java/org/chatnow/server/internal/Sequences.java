package org.chatnow.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.chatnow.server.store.ChatStore;

/**
 * The numbering of each conversation: its lock, the last sequence number handed out, and the last one handed on for
 * delivery. Numbers come from the store on first use, and again after a database failure invalidated the ones
 * handed out ({@link Sequence#epoch}).
 */
final class Sequences {
    /**
     * A conversation's lock, the last sequence number handed out, and the last one handed on for delivery (all
     * messages up to {@code delivered} are stored; those after it wait in the writer). Fields are guarded by the
     * instance itself.
     */
    final class Sequence {
        private final String conversation;
        long last = -1;
        long delivered = -1;
        int epoch;

        private Sequence(String conversation) {
            this.conversation = conversation;
        }

        /** Reads the conversation's numbering from the store if it is not known (first use, or after a failure); call under this lock. */
        void load() {
            if (last < 0) {
                last = store.lastSeq(conversation);
                delivered = last;
            }
        }

        /** Forgets the numbers handed out in {@code failedEpoch} so the next message is numbered afresh from the store. */
        void invalidate(int failedEpoch) {
            if (epoch == failedEpoch) {
                epoch++;
                last = -1;
                delivered = -1;
            }
        }
    }

    private final ChatStore store;
    private final Map<String, Sequence> sequences = new ConcurrentHashMap<>();

    Sequences(ChatStore store) {
        this.store = store;
    }

    /** The conversation's numbering, loaded; callers lock it and {@link Sequence#load() load} again inside. */
    Sequence of(String conversation) {
        Sequence sequence = sequences.computeIfAbsent(conversation, Sequence::new);
        synchronized (sequence) {
            sequence.load();
        }
        return sequence;
    }

    /** The conversation's numbering if it was used before, else null. */
    Sequence known(String conversation) {
        return sequences.get(conversation);
    }
}
