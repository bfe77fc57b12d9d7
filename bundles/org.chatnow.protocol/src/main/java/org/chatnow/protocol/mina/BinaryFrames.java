package org.chatnow.protocol.mina;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Binary frames built in place: a sender reads file bytes straight into the buffer behind the header, and writes the
 * buffer as it is (the encoder passes {@link IoBuffer}s through), saving the copy a {@link org.chatnow.protocol.DataChunk}
 * needs. The receiving side sees an ordinary {@link org.chatnow.protocol.DataChunk}.
 */
public final class BinaryFrames {
    /** Bytes of the length word in front of the payload. */
    public static final int HEADER_BYTES = 4;

    private BinaryFrames() {
    }

    /**
     * A direct buffer holding the header of a binary frame of {@code length} payload bytes, positioned after the
     * header with room for exactly the payload; fill it, {@link IoBuffer#flip()} it, write it.
     */
    public static IoBuffer allocate(int length) {
        IoBuffer buffer = IoBuffer.allocate(HEADER_BYTES + length, true);
        buffer.putInt(FrameDecoder.BINARY | length);
        return buffer;
    }
}
