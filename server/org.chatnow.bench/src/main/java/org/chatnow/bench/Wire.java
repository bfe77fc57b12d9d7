package org.chatnow.bench;

import java.nio.charset.StandardCharsets;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameStream;

/**
 * Frames as bytes, and the few things the generator reads from a frame without decoding it: its type (the server
 * writes {@code type} first) and the time stamp a benchmark message carries in its text.
 */
final class Wire {
    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MESSAGE = type("message");
    static final byte[] PRESENCE = type("presence");
    static final byte[] USERS = type("users");
    static final byte[] ACK = type("ack");
    /** Starts the text of a benchmark message; the stamp follows in decimal, then {@link #STAMP_END}. */
    static final String STAMP_START = "#B";
    static final char STAMP_END = '#';

    private Wire() {
    }

    private static byte[] type(String name) {
        return (name + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code frame} with its 4-byte length prefix. */
    static byte[] encode(Frame frame) {
        return FrameStream.wire(frame);
    }

    /** Whether the payload is a frame of the type given as {@code typeQuoted} (e.g. {@link #MESSAGE}). */
    static boolean is(byte[] b, int off, int len, byte[] typeQuoted) {
        int p = TYPE_PREFIX.length;
        if (len < p + typeQuoted.length) {
            return false;
        }
        for (int i = 0; i < p; i++) {
            if (b[off + i] != TYPE_PREFIX[i]) {
                return false;
            }
        }
        for (int i = 0; i < typeQuoted.length; i++) {
            if (b[off + p + i] != typeQuoted[i]) {
                return false;
            }
        }
        return true;
    }

    /** The stamp in a benchmark message's text, or -1 if it has none. Names cannot hold '#', so the first "#B" is it. */
    static long stamp(byte[] b, int off, int len) {
        int end = off + len - 1;
        for (int i = off + 20; i < end; i++) {
            if (b[i] == '#' && b[i + 1] == 'B') {
                long v = 0;
                int j = i + 2;
                while (j < off + len && b[j] >= '0' && b[j] <= '9') {
                    v = v * 10 + (b[j] - '0');
                    j++;
                }
                return j < off + len && b[j] == STAMP_END ? v : -1;
            }
        }
        return -1;
    }

    /** A message text carrying {@code stamp}, padded with 'x' to {@code length} characters. */
    static String text(long stamp, int length) {
        StringBuilder s = new StringBuilder(Math.max(length, 24)).append(STAMP_START).append(stamp).append(STAMP_END);
        while (s.length() < length) {
            s.append('x');
        }
        return s.toString();
    }
}
