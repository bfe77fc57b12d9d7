package org.chatnow.protocol.mina;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.Frame;

/** Writes {@link Frame}s and {@link EncodedFrame}s as length-prefixed JSON, and {@link DataChunk}s as binary frames. */
final class FrameEncoder extends ProtocolEncoderAdapter {
    private final int maxPayloadBytes;

    FrameEncoder(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        if (message instanceof IoBuffer built) {
            out.write(built); // a binary frame built in place (BinaryFrames)
            return;
        }
        if (message instanceof DataChunk chunk) {
            int length = chunk.length();
            if (length > maxPayloadBytes) {
                throw new IllegalArgumentException("chunk of " + length + " bytes exceeds the limit of " + maxPayloadBytes);
            }
            IoBuffer buffer = IoBuffer.allocate(4 + length, false);
            buffer.putInt(FrameDecoder.BINARY | length).put(chunk.data().duplicate()).flip();
            out.write(buffer);
            return;
        }
        EncodedFrame encoded = message instanceof EncodedFrame e ? e : EncodedFrame.of((Frame) message, maxPayloadBytes);
        // wrap shares the array: a broadcast frame is encoded once and written to every recipient from the same bytes
        out.write(IoBuffer.wrap(encoded.wire()));
    }
}
