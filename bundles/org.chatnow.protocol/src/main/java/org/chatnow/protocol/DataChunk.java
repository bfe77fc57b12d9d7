package org.chatnow.protocol;

import java.nio.ByteBuffer;

/**
 * Raw bytes of a file transfer. On the wire a binary frame: a 4-byte big-endian length word with its highest bit
 * set ({@code 0x80000000 | length}), then {@code length} bytes. Only file connections carry them.
 * <p>
 * Receivers get the payload as it arrives: one binary frame may come as several chunks (their bytes, in order, are the
 * frame's payload), each a slice of the buffer the bytes were read into, without a copy. The bytes are the buffer's
 * remaining ones; the buffer is the receiver's to keep or hand to another thread (the transport does not reuse it).
 */
public record DataChunk(ByteBuffer data) {
    /** Bytes per binary frame that senders use (the payload; receivers accept up to their frame limit). */
    public static final int SIZE = 128 * 1024;

    public DataChunk(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    /** How many bytes this chunk holds. */
    public int length() {
        return data.remaining();
    }

    /** A copy of the bytes, leaving {@link #data()} as it is. */
    public byte[] bytes() {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }
}
