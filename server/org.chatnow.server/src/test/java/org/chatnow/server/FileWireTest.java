package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.Limits;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.Test;

/**
 * The file protocol byte by byte against a real server on loopback: binary frames of any size up to the limit, split
 * anywhere by TCP; downloads in frames within the default limit; resumed uploads hashed again while they continue.
 */
class FileWireTest extends ServerTestSupport {

    /** A raw file connection, authorised with the resume token of a chat login. */
    private static final class FileConn implements AutoCloseable {
        final RawConnection raw;

        FileConn(int port, String user, String token) throws Exception {
            raw = RawConnection.open(port);
            raw.timeout(Duration.ofSeconds(20));
            raw.socket().setTcpNoDelay(true);
            write(new Frame.Hello(Limits.PROTOCOL_VERSION, "wire-test"));
            write(new Frame.FileAuth("auth", user, token));
            expect(Frame.Ok.class);
        }

        void write(Frame frame) throws IOException {
            raw.write(frame);
        }

        <T extends Frame> T expect(Class<T> type) throws Exception {
            Frame f = raw.read();
            while (f instanceof Frame.Welcome) {
                f = raw.read();
            }
            if (!type.isInstance(f)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + f);
            }
            return type.cast(f);
        }

        /** Writes {@code data} as one binary frame, in pieces flushed one by one (cut inside the header too). */
        void writeBinaryInPieces(byte[] data, int from, int length, int piece) throws IOException {
            int word = FrameStream.BINARY | length;
            raw.writeRaw(new byte[] {(byte) (word >>> 24)}, 0, 1);
            raw.writeRaw(new byte[] {(byte) (word >>> 16), (byte) (word >>> 8)}, 0, 2);
            raw.writeRaw(new byte[] {(byte) word}, 0, 1);
            for (int i = 0; i < length; i += piece) {
                raw.writeRaw(data, from + i, Math.min(piece, length - i));
            }
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String token(String user) throws Exception {
        try (RawConnection chat = RawConnection.connect(server.port())) {
            return chat.login(user, "password-of-" + user, null).resume();
        }
    }

    /** Downloads {@code name} from {@code offset}; returns the bytes, and the payload size of each binary frame in {@code frames}. */
    private static byte[] download(FileConn c, String name, long offset, List<Integer> frames) throws Exception {
        c.write(new Frame.Download("d", name, offset));
        Frame.DownloadReady ready = c.expect(Frame.DownloadReady.class);
        assertEquals(offset, ready.offset());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < ready.file().size() - offset) {
            byte[] payload = c.raw.readBinary(); // fails on a JSON frame: only binary frames follow download_ready
            frames.add(payload.length);
            got.write(payload);
        }
        return got.toByteArray();
    }

    @Test
    void framesOfAnySizeUpToTheLimitSplitAnywhereMakeTheFileAndDownloadsStayWithinTheDefaultLimit() throws Exception {
        startServer(config());
        String token = token("alice");
        byte[] file = random(3 * Limits.MAX_FRAME_BYTES + 12_345, 1);
        try (FileConn c = new FileConn(server.filePort(), "alice", token)) {
            c.write(new Frame.Upload("u", "mixed.bin", file.length, sha256(file)));
            assertEquals(0, c.expect(Frame.UploadReady.class).offset());
            int position = 0;
            // a frame as large as the limit, tiny ones, an empty one, and odd sizes, each cut into odd pieces
            int[] sizes = {Limits.MAX_FRAME_BYTES, 1, 0, 7, 200_000, Limits.MAX_FRAME_BYTES, 65_536};
            int[] pieces = {100_003, 1, 1, 3, 4_096, 1 << 20, 999};
            for (int i = 0; i < sizes.length; i++) {
                c.writeBinaryInPieces(file, position, sizes[i], pieces[i]);
                position += sizes[i];
            }
            c.writeBinaryInPieces(file, position, file.length - position, 333_333);
            Frame.UploadDone done = c.expect(Frame.UploadDone.class);
            assertEquals(sha256(file), done.file().sha256());
        }
        try (FileConn c = new FileConn(server.filePort(), "alice", token)) {
            List<Integer> frames = new ArrayList<>();
            assertArrayEquals(file, download(c, "mixed.bin", 0, frames));
            assertTrue(frames.stream().allMatch(n -> n > 0 && n <= Limits.MAX_FRAME_BYTES), "frames within the default limit: " + frames);
            assertTrue(frames.size() < file.length / (128 * 1024), "large frames, not 128 KiB ones: " + frames);
            // and from an offset inside a frame: exactly the rest
            List<Integer> rest = new ArrayList<>();
            int offset = 1_000_001;
            byte[] tail = download(c, "mixed.bin", offset, rest);
            assertArrayEquals(java.util.Arrays.copyOfRange(file, offset, file.length), tail);
            // the connection takes the next request after a download
            c.write(new Frame.FileList("l"));
            assertEquals(1, c.expect(Frame.Files.class).files().size());
        }
    }

    @Test
    void aResumedUploadIsHashedFromItsStartAndABadResumeIsCaught() throws Exception {
        startServer(config());
        String token = token("bob");
        byte[] file = random(5_000_000, 2);
        String sha = sha256(file);
        int first = 3_000_000;
        try (FileConn c = new FileConn(server.filePort(), "bob", token)) {
            c.write(new Frame.Upload("u1", "big.bin", file.length, sha));
            assertEquals(0, c.expect(Frame.UploadReady.class).offset());
            c.writeBinaryInPieces(file, 0, 1_000_000, 65_536);
            c.writeBinaryInPieces(file, 1_000_000, 1_000_000, 500_000);
            c.writeBinaryInPieces(file, 2_000_000, first - 2_000_000, 300_000);
            c.write(new Frame.Ping("p")); // answered after the bytes before it were taken
            c.expect(Frame.Pong.class);
        }
        // the server notices the closed connection in its own time; the same upload may briefly still be running
        Frame.UploadReady ready = null;
        try (FileConn c = new FileConn(server.filePort(), "bob", token)) {
            for (int attempt = 0; attempt < 100 && ready == null; attempt++) {
                c.write(new Frame.Upload("u2", "big.bin", file.length, sha));
                Frame f = c.raw.read();
                if (f instanceof Frame.UploadReady r) {
                    ready = r;
                } else {
                    Thread.sleep(50);
                }
            }
            assertEquals(first, ready.offset(), "resumes where the bytes stopped");
            c.writeBinaryInPieces(file, first, 1_000_000, 1 << 20);
            c.writeBinaryInPieces(file, first + 1_000_000, file.length - first - 1_000_000, 77_777);
            Frame.UploadDone done = c.expect(Frame.UploadDone.class);
            assertEquals(sha, done.file().sha256(), "hashed from the partial file's first byte");
        }
        // a partial file whose bytes do not match: the resumed upload ends in checksum_mismatch, and nothing is listed
        byte[] other = random(2_000_000, 3);
        String otherSha = sha256(other);
        try (FileConn c = new FileConn(server.filePort(), "bob", token)) {
            c.write(new Frame.Upload("u3", "other.bin", other.length, otherSha));
            c.expect(Frame.UploadReady.class);
            byte[] corrupted = other.clone();
            corrupted[10] ^= 1;
            c.writeBinaryInPieces(corrupted, 0, 1_000_000, 100_000);
            c.write(new Frame.Ping("p"));
            c.expect(Frame.Pong.class);
        }
        try (FileConn c = new FileConn(server.filePort(), "bob", token)) {
            Frame f = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                c.write(new Frame.Upload("u4", "other.bin", other.length, otherSha));
                f = c.raw.read();
                if (f instanceof Frame.UploadReady) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(1_000_000, ((Frame.UploadReady) f).offset());
            c.writeBinaryInPieces(other, 1_000_000, other.length - 1_000_000, 300_000);
            Frame.Error error = c.expect(Frame.Error.class);
            assertEquals(ErrorCodes.CHECKSUM_MISMATCH, error.code());
            c.write(new Frame.FileList("l"));
            assertEquals(List.of("big.bin"), c.expect(Frame.Files.class).files().stream().map(Frame.SharedFile::name).toList());
        }
    }
}
