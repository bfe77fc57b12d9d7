package org.chatnow.protocol.mina;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the codec (Jazzer). In a plain test run each target replays its seeds and every past
 * finding under {@code src/test/resources/org/chatnow/protocol/mina/CodecFuzzTestInputs/<target>/}; the build also
 * fuzzes each target for a few seconds in a JVM of its own (docs/fuzzing.md). The peer is hostile: whatever bytes
 * arrive, the only failures allowed are {@link MalformedFrameException} and {@link FrameTooLargeException}, and their
 * messages (sent to the peer in an error frame) name nothing of this implementation.
 */
class CodecFuzzTest {
    /** Words of the implementation that an error message must not show unless the peer sent them itself. */
    private static final List<String> IMPLEMENTATION_WORDS = List.of("org.", "java", "jackson", "exception", "$", "class ");

    /**
     * Any bytes on a connection: the control byte in front chooses how reads split them (1 to 64 bytes per read),
     * heap or direct buffers and the frame limit (64 or 4096 bytes). {@link FrameStream} and MINA's decoder must
     * cut the same frames, binary payloads and failure out of them, and every frame must survive re-encoding.
     */
    @FuzzTest(maxDuration = "10s")
    @DictionaryFile(resourcePath = "frames.dict")
    void anyBytesOnAConnectionDecodeAlikeOrFailWithAProtocolError(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xff;
        int piece = (control & 0x3f) + 1;
        boolean direct = (control & 0x40) != 0;
        int limit = (control & 0x80) != 0 ? 64 : 4096;
        byte[] wire = Arrays.copyOfRange(input, 1, input.length);

        Outcome stream = throughFrameStream(wire, piece, direct, limit);
        Outcome mina = throughMinaDecoder(wire, piece, direct, limit);
        assertEquals(stream, mina, "FrameStream and the MINA decoder disagree");
        if (stream.failure() != null) {
            assertNoImplementationDetails(stream.failure(), new String(wire, StandardCharsets.ISO_8859_1));
        }
        for (Object event : stream.events()) {
            if (event instanceof Frame frame) {
                assertSurvivesReEncoding(frame);
            }
        }
    }

    /** Any payload of a JSON frame: a frame that re-encodes to itself, or a malformed-frame error in the protocol's terms. */
    @FuzzTest(maxDuration = "10s")
    @DictionaryFile(resourcePath = "frames.dict")
    void anyJsonPayloadIsAFrameOrMalformed(byte[] payload) {
        Frame frame;
        try {
            frame = FrameJson.fromBytes(payload, 0, payload.length);
        } catch (MalformedFrameException e) {
            assertNoImplementationDetails(e.getMessage(), new String(payload, StandardCharsets.ISO_8859_1)
                + new String(payload, StandardCharsets.UTF_8));
            return;
        }
        assertNotNull(frame);
        assertSurvivesReEncoding(frame);
    }

    /** What a decoder made of a byte stream: frames and runs of binary payload, in order, then the failure that stopped it. */
    record Outcome(List<Object> events, String failure) {
    }

    /** Consecutive binary payload bytes (however many frames and reads carried them), comparable by value. */
    record Binary(String hex) {
    }

    private static final class Events {
        final List<Object> list = new ArrayList<>();
        final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        void frame(Frame frame) {
            closeBinary();
            list.add(frame);
        }

        void binary(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            binary.writeBytes(copy);
        }

        Outcome end(String failure) {
            closeBinary();
            return new Outcome(list, failure);
        }

        private void closeBinary() {
            if (binary.size() > 0) {
                list.add(new Binary(HexFormat.of().formatHex(binary.toByteArray())));
                binary.reset();
            }
        }
    }

    private static ByteBuffer read(byte[] wire, int from, int length, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        buffer.put(wire, from, length).flip();
        return buffer;
    }

    /** Like a raw connection: a malformed payload stops reading (the connection would be closed), so does an oversized length. */
    private static Outcome throughFrameStream(byte[] wire, int piece, boolean direct, int limit) {
        Events events = new Events();
        String[] failure = {null};
        FrameStream stream = new FrameStream(limit, new FrameStream.Sink() {
            @Override
            public boolean json(byte[] bytes, int offset, int length) {
                try {
                    events.frame(FrameJson.fromBytes(bytes, offset, length));
                    return true;
                } catch (MalformedFrameException e) {
                    failure[0] = "malformed: " + e.getMessage();
                    return false;
                }
            }

            @Override
            public boolean binary(ByteBuffer bytes, int left) {
                events.binary(bytes);
                return true;
            }
        });
        try {
            for (int at = 0; at < wire.length && failure[0] == null; at += piece) {
                stream.feed(read(wire, at, Math.min(piece, wire.length - at), direct));
            }
        } catch (FrameTooLargeException e) {
            failure[0] = "too large: " + e.getMessage();
        }
        return events.end(failure[0]);
    }

    /** As MINA's codec filter drives it: the first exception ends decoding (the server then answers and closes). */
    private static Outcome throughMinaDecoder(byte[] wire, int piece, boolean direct, int limit) throws Exception {
        ProtocolCodecSession session = streamSession();
        ProtocolDecoder decoder = new ChatCodecFactory(Math.max(64, limit)).getDecoder(session);
        Events events = new Events();
        String failure = null;
        for (int at = 0; at < wire.length && failure == null; at += piece) {
            try {
                decoder.decode(session, IoBuffer.wrap(read(wire, at, Math.min(piece, wire.length - at), direct)), session.getDecoderOutput());
            } catch (MalformedFrameException e) {
                failure = "malformed: " + e.getMessage();
            } catch (FrameTooLargeException e) {
                failure = "too large: " + e.getMessage();
            }
            Object out;
            while ((out = session.getDecoderOutputQueue().poll()) != null) {
                if (out instanceof DataChunk chunk) {
                    events.binary(chunk.data());
                } else {
                    events.frame((Frame) out);
                }
            }
        }
        return events.end(failure);
    }

    private static ProtocolCodecSession streamSession() {
        ProtocolCodecSession session = new ProtocolCodecSession();
        // like TCP: bytes arrive in pieces and the decoder keeps what an unfinished frame has so far
        session.setTransportMetadata(new DefaultTransportMetadata("fuzz", "stream", false, true,
            SocketAddress.class, IoSessionConfig.class, Object.class));
        return session;
    }

    /** The frame encodes (as JSON and through the MINA encoder) to bytes that decode to an equal frame. */
    private static void assertSurvivesReEncoding(Frame frame) {
        byte[] json = FrameJson.toBytes(frame);
        try {
            assertEquals(frame, FrameJson.fromBytes(json, 0, json.length), "JSON round trip");
            ProtocolCodecSession session = streamSession();
            ChatCodecFactory codec = new ChatCodecFactory(Limits.MAX_FRAME_BYTES);
            ProtocolEncoder encoder = codec.getEncoder(session);
            encoder.encode(session, frame, session.getEncoderOutput());
            IoBuffer encoded = (IoBuffer) session.getEncoderOutputQueue().poll();
            codec.getDecoder(session).decode(session, encoded, session.getDecoderOutput());
            assertEquals(frame, session.getDecoderOutputQueue().poll(), "MINA codec round trip");
        } catch (Exception e) {
            throw new AssertionError("the re-encoded " + frame + " does not decode: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static void assertNoImplementationDetails(String message, String input) {
        String lowerInput = input.toLowerCase(Locale.ROOT);
        for (String word : IMPLEMENTATION_WORDS) {
            if (!lowerInput.contains(word)) {
                assertFalse(message.toLowerCase(Locale.ROOT).contains(word), "error message shows \"" + word + "\": " + message);
            }
        }
    }
}
