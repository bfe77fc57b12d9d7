package org.chatnow.protocol.mina;

import java.nio.ByteBuffer;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameTooLargeException;

/**
 * Reads length-prefixed JSON frames and binary frames ({@link DataChunk}), however the bytes are split across reads.
 * A frame above the limit or with an invalid payload raises an exception (the handler answers with an error frame and
 * closes); after an oversized length the stream is out of step, so everything that follows on that session is
 * discarded.
 * <p>
 * Binary payloads stream through: whatever part of a binary frame a read holds goes out at once as a
 * {@link DataChunk} slicing the read buffer (MINA allocates one per read and does not reuse it), so file bytes are
 * never copied or gathered here, whatever the frame size. Only a JSON frame split across reads is gathered, into an
 * array of its announced length (at most the limit).
 */
final class FrameDecoder extends ProtocolDecoderAdapter {
    private static final AttributeKey STATE = new AttributeKey(FrameDecoder.class, "state");
    /** The length word's highest bit marks a binary frame ({@link DataChunk}). */
    static final int BINARY = 0x8000_0000;
    private final int maxPayloadBytes;

    /** Where a session's stream stands between reads. */
    private static final class State {
        boolean broken;
        /** A length word split across reads. */
        int headerBytes;
        int header;
        /** Bytes of the current binary frame still to come. */
        int binaryLeft;
        /** A JSON frame split across reads, and how much of it has arrived. */
        byte[] json;
        int jsonBytes;
    }

    FrameDecoder(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    private static State state(IoSession session) {
        State state = (State) session.getAttribute(STATE);
        if (state == null) {
            state = new State();
            session.setAttribute(STATE, state);
        }
        return state;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        State s = state(session);
        while (in.hasRemaining()) {
            if (s.broken) {
                in.position(in.limit());
                return;
            }
            if (s.binaryLeft > 0) {
                int n = Math.min(in.remaining(), s.binaryLeft);
                ByteBuffer slice = in.buf().slice(in.position(), n);
                in.skip(n);
                s.binaryLeft -= n;
                out.write(new DataChunk(slice));
                continue;
            }
            if (s.json != null) {
                int n = Math.min(in.remaining(), s.json.length - s.jsonBytes);
                in.get(s.json, s.jsonBytes, n);
                s.jsonBytes += n;
                if (s.jsonBytes == s.json.length) {
                    byte[] payload = s.json;
                    s.json = null;
                    out.write(FrameJson.fromBytes(payload, 0, payload.length));
                }
                continue;
            }
            int word;
            if (s.headerBytes == 0 && in.remaining() >= 4) {
                word = in.getInt();
            } else {
                while (s.headerBytes < 4 && in.hasRemaining()) {
                    s.header = s.header << 8 | (in.get() & 0xff);
                    s.headerBytes++;
                }
                if (s.headerBytes < 4) {
                    return;
                }
                word = s.header;
                s.header = 0;
                s.headerBytes = 0;
            }
            int length = word & ~BINARY;
            if (length > maxPayloadBytes) {
                s.broken = true;
                in.position(in.limit());
                throw new FrameTooLargeException(length, maxPayloadBytes);
            }
            if ((word & BINARY) != 0) {
                s.binaryLeft = length;
            } else if (in.remaining() >= length) {
                int start = in.position();
                in.skip(length); // past the frame before parsing: a malformed payload must not stall the stream
                if (in.hasArray()) {
                    out.write(FrameJson.fromBytes(in.array(), in.arrayOffset() + start, length));
                } else {
                    byte[] payload = new byte[length];
                    in.buf().get(start, payload);
                    out.write(FrameJson.fromBytes(payload, 0, length));
                }
            } else {
                s.json = new byte[length];
                s.jsonBytes = 0;
            }
        }
    }

    @Override
    public void dispose(IoSession session) {
        session.removeAttribute(STATE);
    }
}
