package org.chatnow.protocol.mina;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.net.SocketAddress;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.MalformedFrameException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatCodecTest {
    private final ChatCodecFactory factory = new ChatCodecFactory(4096);
    private ProtocolCodecSession session;
    private ProtocolEncoder encoder;
    private ProtocolDecoder decoder;

    static List<Frame> everyFrame() {
        return List.of(
            new Frame.Hello(1, "test-client"),
            new Frame.Welcome(1, "ChatNow", 4096, Frame.Welcome.OPEN),
            new Frame.Login("r1", "alice", "secret"),
            new Frame.Login("r2", "bob", null, "token", Map.of("room:lobby", 41L, "dm:alice:bob", 3L)),
            new Frame.LoginOk("r1", "alice", "token", false, true),
            new Frame.Synced("r1", List.of(new Frame.ConversationState("room:lobby", "Everyone", 42, 40, null),
                new Frame.ConversationState("dm:alice:bob", null, 3, 3, Map.of("alice", 3L, "bob", 2L))), List.of("room:lobby")),
            new Frame.Send("r3", "room:lobby", "hello, 世界 😀\nsecond line"),
            new Frame.Ack("r3", "room:lobby", 42),
            new Frame.Message("room:lobby", 42, "alice", 1_764_000_000_000L, "hi \"there\""),
            new Frame.History("r4", "room:lobby", 40, 20),
            new Frame.HistoryPage("r4", "room:lobby", List.of(new Frame.Message("room:lobby", 39, "bob", 1L, "older")), true),
            new Frame.Read("room:lobby", null, 42),
            new Frame.Read("room:lobby", "bob", 42),
            new Frame.Typing("dm:alice:bob", null, true),
            new Frame.Typing("dm:alice:bob", "alice", false),
            new Frame.Users(List.of(new Frame.UserStatus("alice", "online"), new Frame.UserStatus("bob", "away"))),
            new Frame.Presence("bob", Frame.Presence.ONLINE),
            new Frame.Presence(null, Frame.Presence.AWAY),
            new Frame.RoomCreate("r5", "dev", "Builds and releases"),
            new Frame.RoomJoin("r6", "dev"),
            new Frame.RoomLeave("r7", "dev"),
            new Frame.RoomList("r8"),
            new Frame.Room("r5", "dev", "Builds and releases", 3, true),
            new Frame.Rooms("r8", List.of(new Frame.Room(null, "lobby", "Everyone", 9, true))),
            new Frame.Admin("r9", "s3cret", Frame.Admin.BAN, "mallory", null, "spam"),
            new Frame.Ok("r9"),
            new Frame.Ping("p1"),
            new Frame.Pong("p1"),
            new Frame.Logout(),
            new Frame.Kicked("logged in elsewhere"),
            new Frame.Error("r9", "invalid_name", "bad name"),
            new Frame.Error("r10", "rate_limited", "wait", 4),
            new Frame.Error(null, "malformed_frame", "not json"),
            new Frame.FileAuth("f1", "alice", "token"),
            new Frame.FileList("f2"),
            new Frame.Files("f2", List.of(new Frame.SharedFile("report.pdf", 1234, "alice", 5L, "ab12"))),
            new Frame.Upload("f3", "photo.jpg", 99, "00ff"),
            new Frame.UploadReady("f3", "photo.jpg", 40),
            new Frame.UploadDone("f3", new Frame.SharedFile("photo (2).jpg", 99, "bob", 6L, "00ff")),
            new Frame.Download("f4", "photo.jpg", 10),
            new Frame.DownloadReady("f4", new Frame.SharedFile("photo.jpg", 99, "bob", 6L, "00ff"), 10),
            new Frame.FileDelete("f5", "photo.jpg"),
            new Frame.FileEvent(Frame.FileEvent.ADDED, new Frame.SharedFile("a.txt", 0, "carol", 7L, "e3b0")));
    }

    @BeforeEach
    void setUp() {
        session = new ProtocolCodecSession();
        // like TCP: bytes may arrive in pieces, so the decoder must accumulate them
        session.setTransportMetadata(new DefaultTransportMetadata("test", "stream", false, true,
            SocketAddress.class, IoSessionConfig.class, Object.class));
        encoder = factory.getEncoder(session);
        decoder = factory.getDecoder(session);
    }

    private IoBuffer encode(Object frame) throws Exception {
        encoder.encode(session, frame, session.getEncoderOutput());
        IoBuffer buffer = (IoBuffer) session.getEncoderOutputQueue().poll();
        return buffer;
    }

    private List<Object> decode(IoBuffer bytes) throws Exception {
        decoder.decode(session, bytes, session.getDecoderOutput());
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = session.getDecoderOutputQueue().poll()) != null) {
            out.add(o);
        }
        return out;
    }

    @Test
    void everyFrameSurvivesARoundTrip() throws Exception {
        assertEquals(Frame.class.getPermittedSubclasses().length, everyFrame().stream().map(Object::getClass).distinct().count(),
            "every frame type is covered");
        for (Frame frame : everyFrame()) {
            assertEquals(List.of(frame), decode(encode(frame)), "round trip of " + frame);
        }
    }

    @Test
    void everyFrameTypeHasItsProtocolNameForMessages() {
        // error messages name a frame by its "type" on the wire, never by the Java record
        for (Frame frame : everyFrame()) {
            String json = new String(org.chatnow.protocol.FrameJson.toBytes(frame), StandardCharsets.UTF_8);
            assertTrue(json.startsWith("{\"type\":\"" + org.chatnow.protocol.FrameJson.typeName(frame) + "\""), json);
        }
        assertEquals("login_ok", org.chatnow.protocol.FrameJson.typeName(new Frame.LoginOk("r", "a", "t", false, false)));
    }

    @Test
    void preEncodedFrameIsTheSameBytesAsAnEncodedFrame() throws Exception {
        Frame frame = new Frame.Message("room:lobby", 7, "bob", 1L, "shared");
        IoBuffer direct = encode(frame);
        IoBuffer shared = encode(EncodedFrame.of(frame, 4096));
        assertEquals(direct, shared);
        assertEquals(List.of(frame), decode(shared));
    }

    @Test
    void frameSplitIntoSingleBytesDecodes() throws Exception {
        Frame frame = new Frame.Send("r1", "room:lobby", "split into pieces ✂");
        IoBuffer whole = encode(frame);
        List<Object> decoded = new ArrayList<>();
        while (whole.hasRemaining()) {
            decoded.addAll(decode(IoBuffer.wrap(new byte[] {whole.get()})));
        }
        assertEquals(List.of(frame), decoded);
    }

    @Test
    void severalFramesInOneReadAllDecode() throws Exception {
        IoBuffer all = IoBuffer.allocate(1024).setAutoExpand(true);
        for (Frame frame : everyFrame()) {
            all.put(encode(frame));
        }
        all.flip();
        assertEquals(everyFrame(), decode(all));
    }

    @Test
    void oversizedLengthIsRefusedAndTheRestDiscarded() throws Exception {
        IoBuffer bad = IoBuffer.allocate(8).putInt(4097).putInt(0).flip();
        FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> decode(bad));
        assertEquals(4097, e.length());
        // the stream is out of step now: later bytes, even a valid frame, are not decoded as frames
        assertEquals(List.of(), decode(encode(new Frame.Ping("x"))));
    }

    @Test
    void binaryChunksTravelBesideFramesEvenInPieces() throws Exception {
        byte[] data = new byte[4000];
        new java.util.Random(7).nextBytes(data);
        IoBuffer all = IoBuffer.allocate(16 * 1024).setAutoExpand(true);
        all.put(encode(new Frame.UploadReady("u", "x.bin", 0)));
        all.put(encode(new org.chatnow.protocol.DataChunk(data)));
        all.put(encode(new org.chatnow.protocol.DataChunk(new byte[0])));
        all.put(encode(new Frame.Ping("after")));
        all.flip();
        List<Object> decoded = new ArrayList<>();
        while (all.hasRemaining()) {
            int n = Math.min(all.remaining(), 777);
            byte[] piece = new byte[n];
            all.get(piece);
            decoded.addAll(decode(IoBuffer.wrap(piece)));
        }
        // a binary payload streams through in the pieces it arrived in, without waiting for the whole frame
        assertEquals(new Frame.UploadReady("u", "x.bin", 0), decoded.get(0));
        assertEquals(new Frame.Ping("after"), decoded.get(decoded.size() - 1));
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        for (Object o : decoded.subList(1, decoded.size() - 1)) {
            org.chatnow.protocol.DataChunk chunk = (org.chatnow.protocol.DataChunk) o;
            assertTrue(chunk.length() > 0 && chunk.length() <= 777, "a piece of one read");
            payload.writeBytes(chunk.bytes());
        }
        assertTrue(java.util.Arrays.equals(data, payload.toByteArray()));
        assertTrue(decoded.size() >= 2 + data.length / 777, "the payload came in pieces: " + decoded.size());
    }

    @Test
    void binaryPayloadIsASliceOfTheReadBuffer() throws Exception {
        IoBuffer read = IoBuffer.allocate(4 + 10 + 4 + 3);
        read.putInt(0x8000_0000 | 10).put(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        read.putInt(0x8000_0000 | 3).put(new byte[] {7, 7, 7}).flip();
        List<Object> decoded = decode(read);
        assertEquals(2, decoded.size());
        java.nio.ByteBuffer first = ((org.chatnow.protocol.DataChunk) decoded.get(0)).data();
        assertEquals(10, first.remaining());
        assertTrue(first.hasArray() && first.array() == read.array(), "no copy of the payload");
        assertEquals(5, first.get(first.position() + 5));
        assertEquals(3, ((org.chatnow.protocol.DataChunk) decoded.get(1)).length());
    }

    @Test
    void binaryFramesAsLargeAsTheLimitStreamThrough() throws Exception {
        // the decoder never holds a binary frame: a frame of the limit's size arrives in reads of any size
        byte[] data = new byte[4096];
        new java.util.Random(3).nextBytes(data);
        IoBuffer whole = encode(new org.chatnow.protocol.DataChunk(data));
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        for (int cut : new int[] {1, 3, 2000, 4100}) {
            int n = Math.min(cut, whole.remaining());
            byte[] piece = new byte[n];
            whole.get(piece);
            for (Object o : decode(IoBuffer.wrap(piece))) {
                payload.writeBytes(((org.chatnow.protocol.DataChunk) o).bytes());
            }
        }
        assertTrue(java.util.Arrays.equals(data, payload.toByteArray()));
        assertEquals(List.of(new Frame.Ping("next")), decode(encode(new Frame.Ping("next"))));
    }

    @Test
    void binaryHeaderFromBinaryFramesMatchesTheEncoder() throws Exception {
        byte[] data = {1, 2, 3};
        IoBuffer encoded = encode(new org.chatnow.protocol.DataChunk(data));
        IoBuffer header = BinaryFrames.header(data.length);
        assertEquals(encoded.getInt(0), header.getInt(0));
        assertEquals(0x8000_0000 | 131_072, BinaryFrames.header(131_072).getInt(0));
    }

    @Test
    void oversizedBinaryChunkIsRefused() {
        IoBuffer bad = IoBuffer.allocate(4).putInt(0x8000_0000 | 4097).flip();
        assertThrows(FrameTooLargeException.class, () -> decode(bad));
    }

    @Test
    void negativeLengthIsRefused() {
        IoBuffer bad = IoBuffer.allocate(4).putInt(-1).flip();
        assertThrows(FrameTooLargeException.class, () -> decode(bad));
    }

    @Test
    void encoderRefusesFramesAboveTheLimit() {
        Frame big = new Frame.Send("r1", "room:lobby", "x".repeat(5000));
        assertThrows(IllegalArgumentException.class, () -> encode(big));
    }

    @Test
    void malformedPayloadsAreReportedAndTheNextFrameStillDecodes() throws Exception {
        for (String payload : List.of("not json", "{\"type\":\"no_such_type\"}", "[1,2]", "{\"type\":\"ping\",\"id\":\"a\"} trailing", "")) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            IoBuffer buffer = IoBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
            assertThrows(MalformedFrameException.class, () -> decode(buffer), payload);
        }
        List<Object> next = decode(encode(new Frame.Ping("after")));
        assertEquals(1, next.size());
        assertInstanceOf(Frame.Ping.class, next.get(0));
    }

    @Test
    void aSequenceNumberInHaveIsANumberNotAStringOrNull() throws Exception {
        // found by CodecFuzzTest: "" was read as null, and the frame lost that entry when written again
        for (String value : List.of("\"\"", "null", "\"3\"")) {
            byte[] bytes = ("{\"type\":\"login\",\"id\":\"r2\",\"user\":\"bob\",\"resume\":\"token\",\"have\":"
                + "{\"room:lobby\":" + value + ",\"dm:bob:jo\":3}}").getBytes(StandardCharsets.UTF_8);
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> FrameJson.fromBytes(bytes, 0, bytes.length), value);
            assertEquals("\"have.room:lobby\" has the wrong type or value", e.getMessage(), value);
        }
        byte[] numbers = "{\"type\":\"login\",\"id\":\"r2\",\"user\":\"bob\",\"resume\":\"token\",\"have\":{\"room:lobby\":0}}"
            .getBytes(StandardCharsets.UTF_8);
        Frame login = FrameJson.fromBytes(numbers, 0, numbers.length);
        assertEquals(login, FrameJson.fromBytes(FrameJson.toBytes(login), 0, FrameJson.toBytes(login).length));
    }

    @Test
    void unknownPropertiesAreIgnoredForForwardCompatibility() throws Exception {
        byte[] bytes = "{\"type\":\"ping\",\"id\":\"a\",\"future\":true}".getBytes(StandardCharsets.UTF_8);
        IoBuffer buffer = IoBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip();
        assertEquals(List.of(new Frame.Ping("a")), decode(buffer));
    }
}
