package org.chatnow.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.mina.EncodedFrame;
import org.junit.jupiter.api.Test;

/**
 * The test client reads what the server writes from several threads at once. Found by {@code ChatHandlerFuzzTest}
 * (input {@code crash-typing-broadcast-while-delivering}): a typing broadcast on the request's thread and a message
 * delivery on the delivery thread fed one frame reader together, and the fuzz test took the interleaved bytes for a
 * frame the server could not read itself.
 */
class InMemoryClientTest {

    @Test
    void framesWrittenFromTwoThreadsAtOnceAllArriveWhole() throws Exception {
        InMemoryClient client = new InMemoryClient(null);
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String who : List.of("alice", "bob")) {
                done.add(writers.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        client.session.write(EncodedFrame.of(new Frame.Typing("room:lobby", who + i, true), Integer.MAX_VALUE));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            writers.shutdownNow();
        }
        List<Frame> frames = client.drain();
        assertEquals(2 * perThread, frames.size(), "every frame arrived, none torn");
    }
}
