package org.chatnow.protocol;

/**
 * Raw bytes of a file transfer. On the wire a binary frame: a 4-byte big-endian length word with its highest bit
 * set ({@code 0x80000000 | length}), then {@code length} bytes. Only file connections carry them.
 */
public record DataChunk(byte[] data) {
    /** Bytes per chunk that senders use. */
    public static final int SIZE = 128 * 1024;
}
