package org.chatnow.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoreException;
import org.chatnow.server.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores messages with group commits: one thread takes everything queued since its last commit (up to
 * {@link #MAX_BATCH}), stores it in one transaction, and only then hands the batch on for acknowledgement and
 * delivery. Under load many messages share one commit (and one write per recipient); alone, a message waits for
 * nothing but its own commit. Messages are handed on in the order they were queued, by a second thread, so the next
 * batch is being committed while the last one is delivered.
 */
final class MessageWriter implements AutoCloseable {
    static final int MAX_BATCH = 1024;
    /** Queue length above which senders are slowed down until the writer catches up. */
    static final int HIGH_WATER = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(MessageWriter.class);

    /** A message waiting for its commit. */
    static final class Pending {
        final StoredMessage message;
        final int epoch;
        private final List<Object[]> acks = new ArrayList<>();
        private boolean done;

        Pending(StoredMessage message, int epoch, Object origin, String requestId) {
            this.message = message;
            this.epoch = epoch;
            acks.add(new Object[] {origin, requestId});
        }

        /** Another request for the same message (a resend while it waited); false if it was handed on already. */
        synchronized boolean alsoAck(Object origin, String requestId) {
            if (done) {
                return false;
            }
            acks.add(new Object[] {origin, requestId});
            return true;
        }

        /** The requests to acknowledge; after this call no more are added. */
        synchronized List<Object[]> finish() {
            done = true;
            return acks;
        }
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ChatStore store;
    private final Consumer<List<Pending>> stored;
    private final java.util.function.BiConsumer<List<Pending>, StoreException> failed;
    private final java.util.function.Predicate<Pending> current;
    private final Thread thread;
    /**
     * Committed batches to hand on and failed ones to report, in the order they were written: a failure resets the
     * numbering from the database, which must not happen before the batches committed earlier have been handed on.
     */
    private final LinkedBlockingQueue<Runnable> committed = new LinkedBlockingQueue<>();
    private static final Runnable END = () -> { };
    private final Thread handOver;
    private volatile boolean closing;

    /**
     * @param stored called with each committed batch, in order
     * @param failed called with a batch the database refused (or whose sequence numbers became stale)
     * @param current whether a pending message's sequence number is still valid (not invalidated by a failure)
     */
    MessageWriter(ChatStore store, Consumer<List<Pending>> stored, java.util.function.BiConsumer<List<Pending>, StoreException> failed,
        java.util.function.Predicate<Pending> current) {
        this.store = store;
        this.stored = stored;
        this.failed = failed;
        this.current = current;
        this.thread = new Thread(this::run, "chatnow-message-writer");
        this.thread.setDaemon(true);
        this.handOver = new Thread(this::handOn, "chatnow-message-delivery");
        this.handOver.setDaemon(true);
        this.handOver.start();
        this.thread.start();
    }

    /** Queues {@code pending}; called in sequence order per conversation (under the conversation's lock). */
    void submit(Pending pending) {
        queue.add(pending);
    }

    /** Waits (briefly, outside any lock) while the writer is far behind, so memory stays bounded. */
    void throttle() {
        int waited = 0;
        while (queue.size() > HIGH_WATER && waited < 5000 && !closing) {
            try {
                Thread.sleep(1);
                waited++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int backlog() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Pending first = queue.take();
                if (first == POISON) {
                    committed.add(END);
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(POISON);
                write(batch);
                batch.clear();
                if (stop) {
                    committed.add(END);
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("the message writer failed", e);
                batch.clear();
            }
        }
    }

    /** Hands committed batches on and reports failed ones, in order, until {@link #END}. */
    private void handOn() {
        while (true) {
            try {
                Runnable next = committed.take();
                if (next == END) {
                    return;
                }
                next.run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("could not hand stored messages on", e);
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Pending> valid = new ArrayList<>(batch.size());
        List<Pending> stale = new ArrayList<>();
        for (Pending p : batch) {
            (current.test(p) ? valid : stale).add(p);
        }
        if (!stale.isEmpty()) {
            committed.add(() -> failed.accept(stale, null));
        }
        if (valid.isEmpty()) {
            return;
        }
        try {
            store.insertMessages(valid.stream().map(p -> p.message).toList());
        } catch (StoreException e) {
            LOG.error("could not store {} messages", valid.size(), e);
            java.util.concurrent.CompletableFuture<Void> reported = new java.util.concurrent.CompletableFuture<>();
            committed.add(() -> {
                try {
                    failed.accept(valid, e);
                } finally {
                    reported.complete(null);
                }
            });
            // the report invalidates the numbers handed out after these; the next batch is checked against that
            reported.join();
            return;
        }
        committed.add(() -> stored.accept(valid));
    }

    private static final Pending POISON = new Pending(null, 0, null, null);

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        queue.add(POISON);
        try {
            thread.join(10_000);
            handOver.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
