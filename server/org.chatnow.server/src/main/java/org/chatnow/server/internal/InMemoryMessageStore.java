package org.chatnow.server.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.chatnow.protocol.Frame;

/** A store that keeps only sequence counters in memory: messages live as long as the process. */
public final class InMemoryMessageStore implements MessageStore {
    private final ConcurrentMap<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    @Override
    public Frame.Message append(String conversation, String from, String text) {
        long seq = sequences.computeIfAbsent(conversation, c -> new AtomicLong()).incrementAndGet();
        return new Frame.Message(conversation, seq, from, System.currentTimeMillis(), text);
    }
}
