package org.chatnow.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cutting a received byte stream into frames, however reads split it; and request ids without a switch. */
class FrameStreamTest {

    /** What a stream handed on: decoded JSON frames, and binary payloads put together again. */
    private static final class Collected implements FrameStream.Sink {
        final List<Frame> frames = new ArrayList<>();
        final List<byte[]> binaries = new ArrayList<>();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public boolean json(byte[] bytes, int offset, int length) {
            try {
                frames.add(FrameJson.fromBytes(bytes, offset, length));
            } catch (MalformedFrameException e) {
                throw new AssertionError(e);
            }
            return true;
        }

        @Override
        public boolean binary(ByteBuffer piece, int left) {
            byte[] bytes = new byte[piece.remaining()];
            piece.get(bytes);
            binary.writeBytes(bytes);
            if (left == 0) {
                binaries.add(binary.toByteArray());
                binary.reset();
            }
            return true;
        }
    }

    private static byte[] stream(byte[] binaryPayload, Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FrameStream.wire(frames[0]));
        out.writeBytes(ByteBuffer.allocate(4).putInt(FrameStream.BINARY | binaryPayload.length).array());
        out.writeBytes(binaryPayload);
        for (int i = 1; i < frames.length; i++) {
            out.writeBytes(FrameStream.wire(frames[i]));
        }
        return out.toByteArray();
    }

    @Test
    void framesComeOutWholeWhereverTheReadsSplitThem() throws Exception {
        Frame[] frames = {new Frame.Send("1", "room:lobby", "hé 😀"), new Frame.Ping("2"), new Frame.Typing("room:lobby", "bob", true)};
        byte[] payload = "binary bytes".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = stream(payload, frames);
        for (int piece = 1; piece <= bytes.length; piece++) {
            for (boolean direct : new boolean[] {false, true}) {
                Collected got = new Collected();
                FrameStream stream = new FrameStream(Limits.MAX_FRAME_BYTES, got);
                for (int at = 0; at < bytes.length; at += piece) {
                    int n = Math.min(piece, bytes.length - at);
                    ByteBuffer read = direct ? ByteBuffer.allocateDirect(n).put(bytes, at, n).flip() : ByteBuffer.wrap(bytes, at, n);
                    stream.feed(read);
                    assertFalse(read.hasRemaining(), "everything read is consumed");
                }
                assertEquals(List.of(frames), got.frames, "pieces of " + piece);
                assertEquals(1, got.binaries.size());
                assertArrayEquals(payload, got.binaries.get(0));
                assertFalse(stream.insideFrame());
            }
        }
    }

    @Test
    void aSinkPausesTheStreamAndAnOversizedLengthFails() throws Exception {
        byte[] two = stream(new byte[0], new Frame.Ping("1"), new Frame.Ping("2"));
        List<Integer> seen = new ArrayList<>();
        FrameStream pausing = new FrameStream(Limits.MAX_FRAME_BYTES, (bytes, offset, length) -> {
            seen.add(length);
            return false;
        });
        ByteBuffer read = ByteBuffer.wrap(two);
        pausing.feed(read);
        assertEquals(1, seen.size());
        assertTrue(read.hasRemaining(), "what follows the pause stays unread");
        pausing.feed(read); // the empty binary frame
        pausing.feed(read);
        assertEquals(2, seen.size());
        assertFalse(read.hasRemaining());

        FrameStream limited = new FrameStream(16, new Collected());
        assertThrows(FrameTooLargeException.class, () -> limited.feed(ByteBuffer.allocate(4).putInt(17).flip()));
    }

    @Test
    void requestsNameTheirIdWithoutASwitchAndTheirJsonIsUnchanged() {
        assertEquals("s", ((Frame.Request) new Frame.Send("s", "room:lobby", "x")).id());
        assertEquals("a", ((Frame.Request) new Frame.Admin("a", null, "kick", "bob", null, null)).id());
        assertFalse(Object.class.cast(new Frame.Ack("s", "room:lobby", 1)) instanceof Frame.Request, "an answer is not a request");
        assertEquals("{\"type\":\"send\",\"id\":\"s\",\"conversation\":\"room:lobby\",\"text\":\"x\"}",
            new String(FrameJson.toBytes(new Frame.Send("s", "room:lobby", "x")), StandardCharsets.UTF_8));
        assertEquals("{\"type\":\"room_list\",\"id\":\"l\"}", new String(FrameJson.toBytes(new Frame.RoomList("l")), StandardCharsets.UTF_8));
        assertNull(new Frame.Ping(null).id());
    }
}
