package org.chatnow.protocol.mina;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameTooLargeException;

/**
 * Reads length-prefixed JSON frames and binary frames ({@link DataChunk}), however the bytes are split across reads. A frame above the limit or with an
 * invalid payload raises an exception (the handler answers with an error frame and closes); after an oversized
 * length the stream is out of step, so everything that follows on that session is discarded.
 */
final class FrameDecoder extends CumulativeProtocolDecoder {
    private static final AttributeKey BROKEN = new AttributeKey(FrameDecoder.class, "broken");
    /** The length word's highest bit marks a binary frame ({@link DataChunk}). */
    static final int BINARY = 0x8000_0000;
    private final int maxPayloadBytes;

    FrameDecoder(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
        if (session.containsAttribute(BROKEN)) {
            in.position(in.limit());
            return false;
        }
        if (in.remaining() < 4) {
            return false;
        }
        int word = in.getInt(in.position());
        boolean binary = (word & BINARY) != 0;
        int length = word & ~BINARY;
        if (length > maxPayloadBytes) {
            session.setAttribute(BROKEN, Boolean.TRUE);
            in.position(in.limit());
            throw new FrameTooLargeException(length, maxPayloadBytes);
        }
        if (in.remaining() < 4 + length) {
            return false;
        }
        in.skip(4);
        byte[] payload = new byte[length];
        in.get(payload);
        out.write(binary ? new DataChunk(payload) : FrameJson.fromBytes(payload, 0, length));
        return true;
    }
}
