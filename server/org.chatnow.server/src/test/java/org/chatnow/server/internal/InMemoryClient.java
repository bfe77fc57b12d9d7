package org.chatnow.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.protocol.mina.EncodedFrame;

/**
 * A client on MINA's in-memory session, talking straight to a {@link ChatHandler} without a network: what it sends
 * goes to the handler's {@code messageReceived}, what the server writes to it is decoded (broadcasts arrive as
 * encoded bytes) and kept in order in {@link #received}.
 */
final class InMemoryClient {
    final DummySession session = new DummySession();
    final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    private final ChatHandler handler;
    private final FrameStream encoded = new FrameStream(Integer.MAX_VALUE, (bytes, offset, length) -> {
        try {
            received.add(FrameJson.fromBytes(bytes, offset, length));
        } catch (MalformedFrameException e) {
            throw new AssertionError("the server wrote a frame it cannot read itself", e);
        }
        return true;
    });
    private int ids;

    InMemoryClient(ChatHandler handler) {
        this.handler = handler;
        session.getFilterChain().addLast("record", new IoFilterAdapter() {
            @Override
            public void filterWrite(NextFilter next, IoSession s, WriteRequest request) throws Exception {
                // the server writes from several threads (a request's, message delivery's), as a real session allows:
                // one frame at a time through the stream, or two frames' bytes would interleave
                synchronized (InMemoryClient.this) {
                    if (request.getMessage() instanceof EncodedFrame frames) {
                        encoded.feed(frames.bytes());
                    } else {
                        received.add((Frame) request.getMessage());
                    }
                }
                next.filterWrite(s, request);
            }
        });
    }

    String nextId() {
        return "r" + (++ids);
    }

    void send(Frame frame) {
        handler.messageReceived(session, frame);
    }

    /** The next frame of {@code type}, skipping others (presence, messages of other conversations...); an error fails. */
    <T extends Frame> T expect(Class<T> type) throws InterruptedException {
        while (true) {
            Frame frame = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(frame, "no " + type.getSimpleName() + " within 10 s");
            if (type.isInstance(frame)) {
                return type.cast(frame);
            }
            if (frame instanceof Frame.Error error) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + error);
            }
        }
    }

    /** The answer to a request expected to be refused with {@code code}. */
    Frame.Error refused(Frame request, String code) throws InterruptedException {
        send(request);
        Frame.Error error;
        do {
            Frame frame = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(frame, "no error within 10 s");
            error = frame instanceof Frame.Error e ? e : null;
        } while (error == null);
        assertEquals(code, error.code(), error.message());
        assertEquals(FrameHandlers.requestId(request), error.id(), "the error names the request");
        return error;
    }

    InMemoryClient hello() throws InterruptedException {
        send(new Frame.Hello(Limits.PROTOCOL_VERSION, "test"));
        expect(Frame.Welcome.class);
        return this;
    }

    /** Every frame received so far, in order, leaving none behind. */
    List<Frame> drain() {
        List<Frame> frames = new ArrayList<>();
        received.drainTo(frames);
        return frames;
    }
}
