package org.chatnow.protocol.mina;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;

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
        byte[] payload = FrameJson.toBytes(frame);
        if (payload.length > maxPayloadBytes) {
            throw new IllegalArgumentException("frame of " + payload.length + " bytes exceeds the limit of " + maxPayloadBytes);
        }
        byte[] wire = new byte[4 + payload.length];
        wire[0] = (byte) (payload.length >>> 24);
        wire[1] = (byte) (payload.length >>> 16);
        wire[2] = (byte) (payload.length >>> 8);
        wire[3] = (byte) payload.length;
        System.arraycopy(payload, 0, wire, 4, payload.length);
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

    /** Size on the wire, length prefix included. */
    public int wireLength() {
        return wire.length;
    }
}
