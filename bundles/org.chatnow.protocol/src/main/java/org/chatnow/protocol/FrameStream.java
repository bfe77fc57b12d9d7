package org.chatnow.protocol;

import java.nio.ByteBuffer;

/**
 * Length-prefixed frames in a byte stream, for code that speaks the protocol without MINA (raw test connections, the
 * load generator): {@link #wire} puts one frame on the wire; an instance cuts the bytes a connection receives into
 * frames, however its reads split them. A JSON payload is handed on whole (straight from the read buffer when it
 * holds the whole frame, else gathered); a binary payload is handed on in the pieces it arrives in, never gathered or
 * copied, so a download costs no more here than reading the socket. Not thread-safe: one instance per connection.
 */
public final class FrameStream {
    /** The length word's highest bit marks a binary frame. */
    public static final int BINARY = 0x8000_0000;

    /**
     * Where the frames go. A method returning false pauses the stream: {@link #feed} returns at once, leaving the
     * rest of the buffer for the next call (a reader taking one frame at a time, or a connection being closed).
     */
    public interface Sink {
        /** A whole JSON payload at {@code bytes[offset..offset+length)}, valid only during the call. */
        boolean json(byte[] bytes, int offset, int length);

        /** A piece of a binary payload (position to limit, valid only during the call); {@code left} bytes of it are still to come. */
        default boolean binary(ByteBuffer piece, int left) {
            return true;
        }
    }

    private final int maxPayloadBytes;
    private final Sink sink;
    /** A length word split across reads. */
    private int header;
    private int headerBytes;
    /** A JSON payload split across reads, and how much of it has arrived. */
    private byte[] json;
    private int jsonBytes;
    /** Bytes of the current binary payload still to come. */
    private int binaryLeft;
    private byte[] scratch = new byte[0];
    /** Set by a sink returning false; cleared by the next feed. */
    private boolean paused;
    /** After an oversized length the stream is out of step: nothing that follows can be read. */
    private boolean broken;

    public FrameStream(int maxPayloadBytes, Sink sink) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.sink = sink;
    }

    /** {@code frame} as it goes on the wire: its 4-byte big-endian length, then its JSON payload. */
    public static byte[] wire(Frame frame) {
        byte[] payload = FrameJson.toBytes(frame);
        byte[] wire = new byte[4 + payload.length];
        ByteBuffer.wrap(wire).putInt(payload.length).put(payload);
        return wire;
    }

    /** Whether the stream is inside a frame (the bytes received so far end in the middle of one). */
    public boolean insideFrame() {
        return headerBytes > 0 || json != null || binaryLeft > 0;
    }

    /**
     * Hands on every frame between {@code in}'s position and limit, keeping what an incomplete one has so far; the
     * position moves past what was consumed (all of it, unless the sink paused the stream).
     */
    public void feed(ByteBuffer in) throws FrameTooLargeException {
        if (broken) {
            in.position(in.limit());
            return;
        }
        paused = false;
        while (in.hasRemaining() && !paused) {
            if (binaryLeft > 0) {
                int n = Math.min(in.remaining(), binaryLeft);
                ByteBuffer piece = in.slice(in.position(), n);
                in.position(in.position() + n);
                binaryLeft -= n;
                paused = !sink.binary(piece, binaryLeft);
                continue;
            }
            if (json != null) {
                int n = Math.min(in.remaining(), json.length - jsonBytes);
                in.get(json, jsonBytes, n);
                jsonBytes += n;
                if (jsonBytes == json.length) {
                    byte[] payload = json;
                    json = null;
                    paused = !sink.json(payload, 0, payload.length);
                }
                continue;
            }
            int word;
            if (headerBytes == 0 && in.remaining() >= 4) {
                word = in.getInt();
            } else {
                while (headerBytes < 4 && in.hasRemaining()) {
                    header = header << 8 | (in.get() & 0xff);
                    headerBytes++;
                }
                if (headerBytes < 4) {
                    return;
                }
                word = header;
                header = 0;
                headerBytes = 0;
            }
            int length = word & ~BINARY;
            if (length > maxPayloadBytes) {
                broken = true;
                in.position(in.limit());
                throw new FrameTooLargeException(length, maxPayloadBytes);
            }
            if ((word & BINARY) != 0) {
                binaryLeft = length;
                if (length == 0) {
                    paused = !sink.binary(in.slice(in.position(), 0), 0);
                }
            } else if (in.remaining() >= length) {
                int start = in.position();
                in.position(start + length); // past the frame before the sink runs: it may pause the stream
                paused = !handOn(in, start, length);
            } else {
                json = new byte[length];
                jsonBytes = 0;
            }
        }
    }

    private boolean handOn(ByteBuffer in, int start, int length) {
        if (in.hasArray()) {
            return sink.json(in.array(), in.arrayOffset() + start, length);
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        in.get(start, scratch, 0, length);
        return sink.json(scratch, 0, length);
    }
}
