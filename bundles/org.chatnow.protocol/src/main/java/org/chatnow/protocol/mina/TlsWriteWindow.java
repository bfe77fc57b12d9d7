package org.chatnow.protocol.mina;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;

/**
 * Sits right behind the TLS filter and lets at most {@link #LIMIT} writes into it at a time; the others wait here, in
 * order, until earlier ones have gone out. MINA's SSL handler (2.2.x) keeps only 6 encrypted writes unacknowledged and
 * queues at most 64 more, then refuses the next write with a {@link java.nio.BufferOverflowException}: a burst of chat
 * messages (an outbox sent after a reconnect, a server's broadcasts to a slow reader) would otherwise break the
 * connection. Add it right after the TLS filter on both ends. What waits here counts in {@link #waitingBytes}, which
 * a sender adds to MINA's scheduled write bytes when it bounds a session's output.
 * <p>
 * A write larger than one TLS record ({@link #PIECE_BYTES}) goes into the TLS filter as record-sized pieces, each
 * counting as one write here; the write itself is reported sent (and its future done) with its last piece. MINA
 * encrypts a write one record at a time, each into a new buffer sized for up to eight records of what is left of it:
 * a 256 KiB download frame cost about 130 KiB allocated (and zeroed) per 16 KiB record, in pieces 33 KiB.
 */
public final class TlsWriteWindow extends IoFilterAdapter {
    public static final int LIMIT = 32;
    /** The most plaintext one TLS record carries. */
    static final int PIECE_BYTES = 16 * 1024;

    /** A record-sized part of a larger write; the last one carries the write's future. */
    private static final class Piece extends DefaultWriteRequest {
        final WriteRequest whole;
        final boolean last;

        Piece(IoBuffer part, WriteRequest whole, boolean last) {
            super(part, last ? whole.getFuture() : null);
            this.whole = whole;
            this.last = last;
        }
    }
    private static final AttributeKey STATE = new AttributeKey(TlsWriteWindow.class, "state");

    private static final class State {
        final Set<WriteRequest> inside = Collections.newSetFromMap(new IdentityHashMap<>());
        final ArrayDeque<WriteRequest> waiting = new ArrayDeque<>();
        long waitingBytes;
    }

    /** Bytes of the writes waiting in front of the TLS filter of {@code session} (0 without this filter). */
    public static long waitingBytes(IoSession session) {
        State state = (State) session.getAttribute(STATE);
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.waitingBytes;
        }
    }

    private static long size(WriteRequest request) {
        Object message = request.getMessage();
        if (message instanceof IoBuffer buffer) {
            return buffer.remaining();
        }
        if (message instanceof EncodedFrame frame) {
            return frame.wireLength();
        }
        return 0;
    }

    private static State state(IoSession session) {
        State state = (State) session.getAttribute(STATE);
        if (state == null) {
            State created = new State();
            state = (State) session.setAttributeIfAbsent(STATE, created);
            if (state == null) {
                state = created;
            }
        }
        return state;
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) {
        State state = state(session);
        // passed on under the lock, so that writes from several threads reach the TLS filter in the order they queued
        synchronized (state) {
            if (request.getMessage() instanceof IoBuffer buffer && buffer.remaining() > PIECE_BYTES) {
                int end = buffer.limit();
                for (int at = buffer.position(); at < end; at += PIECE_BYTES) {
                    int length = Math.min(PIECE_BYTES, end - at);
                    enter(next, session, state, new Piece(IoBuffer.wrap(buffer.buf().slice(at, length)), request, at + length == end));
                }
                return;
            }
            enter(next, session, state, request);
        }
    }

    /** Passes {@code request} on, or queues it behind the others; holding the state's lock. */
    private static void enter(NextFilter next, IoSession session, State state, WriteRequest request) {
        if (state.inside.size() >= LIMIT || !state.waiting.isEmpty()) {
            state.waiting.add(request);
            state.waitingBytes += size(request);
            return;
        }
        state.inside.add(request);
        next.filterWrite(session, request);
    }

    @Override
    public void messageSent(NextFilter next, IoSession session, WriteRequest request) {
        State state = state(session);
        synchronized (state) {
            if (state.inside.remove(request)) {
                while (state.inside.size() < LIMIT && !state.waiting.isEmpty()) {
                    WriteRequest waiting = state.waiting.poll();
                    state.waitingBytes -= size(waiting);
                    state.inside.add(waiting);
                    next.filterWrite(session, waiting);
                }
            }
        }
        if (request instanceof Piece piece) {
            if (piece.last) {
                next.messageSent(session, piece.whole);
            }
            return;
        }
        next.messageSent(session, request);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) {
        State state = (State) session.removeAttribute(STATE);
        if (state != null) {
            synchronized (state) {
                for (WriteRequest never : state.waiting) {
                    if (never instanceof Piece piece) {
                        if (piece.last) {
                            piece.whole.getFuture().setException(new WriteToClosedSessionException(piece.whole));
                        }
                    } else {
                        never.getFuture().setException(new WriteToClosedSessionException(never));
                    }
                }
                state.waiting.clear();
                state.waitingBytes = 0;
                state.inside.clear();
            }
        }
        next.sessionClosed(session);
    }
}
