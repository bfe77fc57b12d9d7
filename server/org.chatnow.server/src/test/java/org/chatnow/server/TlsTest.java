package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import javax.net.ssl.SSLSocket;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.tls.Tls;
import org.chatnow.testkit.wire.RawConnection;
import org.chatnow.testkit.wire.RecordingTrust;
import org.junit.jupiter.api.Test;

/** A server with TLS on: both connections encrypted with its own certificate, files up and down intact. */
class TlsTest extends ServerTestSupport {
    private final RecordingTrust trust = new RecordingTrust();

    private RawConnection chat() throws Exception {
        RawConnection raw = RawConnection.openTls("127.0.0.1", server.port(), Duration.ofSeconds(20), trust.context());
        raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "tls-test"));
        raw.readUntil(Frame.Welcome.class);
        return raw;
    }

    @Test
    void chatAndFilesAreEncryptedWithTheServersOwnCertificate() throws Exception {
        startServer(config().tls(true));
        assertTrue(Files.exists(data.resolve("tls").resolve("server.key")), "the self-signed identity is kept in <data>/tls");
        String token;
        try (RawConnection alice = chat()) {
            assertEquals("TLSv1.3", ((SSLSocket) alice.socket()).getSession().getProtocol());
            assertEquals(server.tlsFingerprint(), Tls.fingerprint(trust.shown()));
            token = alice.login("alice", "password-of-alice", null).resume();
        }

        byte[] file = new byte[3 * 1024 * 1024 + 12_345];
        new Random(7).nextBytes(file);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        trust.forget();
        try (RawConnection files = RawConnection.openTls("127.0.0.1", server.filePort(), Duration.ofSeconds(20), trust.context())) {
            assertEquals(server.tlsFingerprint(), Tls.fingerprint(trust.shown()), "the file service presents the same certificate");
            files.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "tls-test"));
            files.write(new Frame.FileAuth("auth", "alice", token));
            files.readUntil(Frame.Ok.class);
            files.write(new Frame.Upload("u", "secret.bin", file.length, sha256));
            assertEquals(0, files.readUntil(Frame.UploadReady.class).offset());
            for (int at = 0; at < file.length; at += 200_000) {
                int length = Math.min(200_000, file.length - at);
                int word = 0x8000_0000 | length;
                files.writeRaw(new byte[] {(byte) (word >>> 24), (byte) (word >>> 16), (byte) (word >>> 8), (byte) word}, 0, 4);
                files.writeRaw(file, at, length);
            }
            assertEquals(file.length, files.readUntil(Frame.UploadDone.class).file().size());

            files.write(new Frame.Download("d", "secret.bin", 1000));
            Frame.DownloadReady ready = files.readUntil(Frame.DownloadReady.class);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            while (got.size() < ready.file().size() - 1000) {
                got.write(files.readBinary());
            }
            byte[] expected = java.util.Arrays.copyOfRange(file, 1000, file.length);
            assertArrayEquals(expected, got.toByteArray(), "a resumed download over TLS is byte for byte the file");
        }
    }

    @Test
    void aPlainClientGetsNothingReadableFromATlsServer() throws Exception {
        startServer(config().tls(true));
        try (RawConnection plain = RawConnection.open(server.port())) {
            plain.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "plain"));
            assertThrows(IOException.class, plain::read, "the server answers a plaintext hello with no frame");
        }
    }

    @Test
    void plaintextIsRefusedOffLoopbackUnlessAskedFor() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> config().bindAddress("0.0.0.0").validate());
        assertTrue(refused.getMessage().contains("clear text"), refused.getMessage());
        config().bindAddress("0.0.0.0").tls(true).validate();
        config().bindAddress("0.0.0.0").plaintextOffLoopback(true).validate();
    }
}
