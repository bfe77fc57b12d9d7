package org.chatnow.protocol.mina;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Binary frames built without a {@link org.chatnow.protocol.DataChunk}: a sender reads file bytes straight into the
 * buffer behind the header ({@link #allocate}), or writes a {@link #header} followed by a
 * {@link org.apache.mina.core.file.FileRegion} of exactly that many bytes (the kernel then copies the file to the
 * socket: sendfile). The encoder passes {@link IoBuffer}s and file regions through; the receiving side sees ordinary
 * {@link org.chatnow.protocol.DataChunk}s.
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

    /** The length word of a binary frame of {@code length} payload bytes, ready to write; the payload must follow. */
    public static IoBuffer header(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return IoBuffer.wrap(new byte[] {(byte) (0x80 | length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }
}
