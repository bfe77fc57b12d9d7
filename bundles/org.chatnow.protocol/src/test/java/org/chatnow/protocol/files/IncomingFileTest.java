package org.chatnow.protocol.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncomingFileTest {
    @TempDir
    Path dir;

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SplittableRandom(n).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void append(IncomingFile file, byte[] bytes, int from, int to, int slice) throws Exception {
        for (int at = from; at < to; at += slice) {
            assertTrue(file.append(ByteBuffer.wrap(bytes, at, Math.min(slice, to - at))));
        }
    }

    @Test
    void bytesAppendedInSlicesAreWrittenAndHashedBehind() throws Exception {
        byte[] content = random(40 << 20); // more than one background sync
        Path part = dir.resolve("a.part");
        try (IncomingFile file = IncomingFile.open(part, 0, content.length)) {
            append(file, content, 0, content.length, 100_003);
            assertTrue(file.complete());
            assertFalse(file.append(ByteBuffer.wrap(new byte[1])), "nothing beyond the size");
            file.force();
            assertEquals(sha256(content), file.finishHash());
        }
        assertArrayEquals(content, Files.readAllBytes(part));
    }

    @Test
    void aResumeKeepsWhatWasThereAndHashesItToo() throws Exception {
        byte[] content = random(3 << 20);
        Path part = dir.resolve("b.part");
        try (IncomingFile first = IncomingFile.open(part, 0, content.length)) {
            append(first, content, 0, 1_500_000, 65_536);
        }
        Files.write(part, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND); // junk after the agreed offset
        try (IncomingFile second = IncomingFile.open(part, 1_500_000, content.length)) {
            assertEquals(1_500_000, second.received());
            append(second, content, 1_500_000, content.length, 1 << 20);
            assertEquals(sha256(content), second.finishHash());
        }
        assertArrayEquals(content, Files.readAllBytes(part));
    }

    @Test
    void anEmptyFileIsCompleteAtOnceAndDiscardDeletes() throws Exception {
        Path part = dir.resolve("c.part");
        IncomingFile file = IncomingFile.open(part, 0, 0);
        assertTrue(file.complete());
        assertEquals(sha256(new byte[0]), file.finishHash());
        file.discard();
        assertFalse(Files.exists(part));
    }
}
