package org.chatnow.protocol.mina;

import java.nio.ByteBuffer;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameStream;

/**
 * A frame already encoded to its wire bytes (length prefix included). Writing one instance to many sessions
 * encodes the frame once and shares the bytes: this is how the server fans a message out.
 */
public final class EncodedFrame {
    private final byte[] wire;

    private EncodedFrame(byte[] wire) {
        this.wire = wire;
    }

    /** Encodes {@code frame}; fails with {@link IllegalArgumentException} if it exceeds {@code maxPayloadBytes}. */
    public static EncodedFrame of(Frame frame, int maxPayloadBytes) {
        byte[] wire = FrameStream.wire(frame);
        if (wire.length - 4 > maxPayloadBytes) {
            throw new IllegalArgumentException("frame of " + (wire.length - 4) + " bytes exceeds the limit of " + maxPayloadBytes);
        }
        return new EncodedFrame(wire);
    }

    /**
     * Several encoded frames as one write: a connection that receives many frames at once (a burst of messages)
     * gets them in one buffer, so the server issues one socket write instead of one per frame.
     */
    public static EncodedFrame concat(java.util.List<EncodedFrame> frames) {
        if (frames.size() == 1) {
            return frames.get(0);
        }
        int length = 0;
        for (EncodedFrame f : frames) {
            length += f.wire.length;
        }
        byte[] wire = new byte[length];
        int at = 0;
        for (EncodedFrame f : frames) {
            System.arraycopy(f.wire, 0, wire, at, f.wire.length);
            at += f.wire.length;
        }
        return new EncodedFrame(wire);
    }

    /** Wire bytes; callers must not modify them. */
    byte[] wire() {
        return wire;
    }

    /** The wire bytes, read-only (e.g. for a test that reads back what a server wrote). */
    public ByteBuffer bytes() {
        return ByteBuffer.wrap(wire).asReadOnlyBuffer();
    }

    /** Size on the wire, length prefix included. */
    public int wireLength() {
        return wire.length;
    }
}
