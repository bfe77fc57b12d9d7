package org.chatnow.ui.chat.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.chatnow.client.ChatMessage;

/**
 * Live messages waiting for the UI thread. A burst is shown in slices, so that it costs a few changes of the
 * transcript, and a flood stops after a time budget and goes on in a later turn, so that typed keys and painting go
 * first. Not thread-safe: use it on one thread.
 */
public final class LiveQueue {
    /** Live messages shown in one change of the transcript. */
    public static final int SLICE = 40;
    /** Time spent showing messages before the thread is let go for other work. */
    public static final long BUDGET_NANOS = 12_000_000;

    private final ArrayDeque<ChatMessage> waiting = new ArrayDeque<>();
    private final LongSupplier nanoClock;
    private final int slice;
    private final long budgetNanos;
    private boolean flushPending;

    /** With {@link #SLICE}, {@link #BUDGET_NANOS} and {@link System#nanoTime()}. */
    public LiveQueue() {
        this(SLICE, BUDGET_NANOS, System::nanoTime);
    }

    public LiveQueue(int slice, long budgetNanos, LongSupplier nanoClock) {
        this.slice = slice;
        this.budgetNanos = budgetNanos;
        this.nanoClock = nanoClock;
    }

    /** Queues {@code message}; true if a flush must be scheduled (none is pending yet). */
    public boolean add(ChatMessage message) {
        waiting.add(message);
        if (flushPending) {
            return false;
        }
        flushPending = true;
        return true;
    }

    /**
     * Hands the waiting messages to {@code show}, a slice at a time, until none wait or the budget is spent; true if
     * some still wait, and another flush must be scheduled.
     */
    public boolean flush(Consumer<List<ChatMessage>> show) {
        flushPending = false;
        long started = nanoClock.getAsLong();
        while (!waiting.isEmpty()) {
            int size = Math.min(waiting.size(), slice);
            List<ChatMessage> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(waiting.poll());
            }
            show.accept(batch);
            if (!waiting.isEmpty() && nanoClock.getAsLong() - started > budgetNanos) {
                flushPending = true;
                return true;
            }
        }
        return false;
    }

    /** Drops what waits (the transcript starts afresh, or is gone). */
    public void clear() {
        waiting.clear();
    }

    public int waiting() {
        return waiting.size();
    }
}
