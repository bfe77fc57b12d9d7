package org.chatnow.server.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.chatnow.protocol.tls.Tls;
import org.chatnow.testkit.wire.RecordingTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's TLS identity over a real MINA acceptor on loopback, with the JDK's TLS client on the other end. */
class ServerTlsTest {
    @TempDir
    Path data;

    private NioSocketAcceptor acceptor;
    private ServerTls tls;

    @BeforeEach
    void acceptor() {
        acceptor = new NioSocketAcceptor();
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer in = (IoBuffer) message;
                IoBuffer echo = IoBuffer.allocate(in.remaining());
                echo.put(in).flip();
                session.write(echo);
            }
        });
    }

    @AfterEach
    void stop() {
        acceptor.dispose(true);
        if (tls != null) {
            tls.close();
        }
    }

    private int listen() throws IOException {
        acceptor.getFilterChain().addFirst("tls", tls.newFilter());
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        return acceptor.getLocalAddress().getPort();
    }

    @Test
    void aSelfSignedIdentityIsMadeOnceKeptPrivateAndPresented() throws Exception {
        Path folder = data.resolve("tls");
        tls = ServerTls.start(new ServerTls.Source.SelfSigned(folder, ServerIdentity.defaultNames(List.of("chat.example.org"))), 0);
        String fingerprint = tls.fingerprint();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("server.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        var names = tls.identity().certificate().getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
        assertTrue(names.containsAll(List.of("localhost", "127.0.0.1", "chat.example.org")), names.toString());

        try (ServerTls again = ServerTls.start(new ServerTls.Source.SelfSigned(folder, List.of("localhost")), 0)) {
            assertEquals(fingerprint, again.fingerprint(), "a restart keeps the certificate, so pinned clients still trust it");
        }

        int port = listen();
        try (Client client = new Client(port)) {
            assertEquals(fingerprint, client.fingerprint());
            assertEquals("TLSv1.3", client.socket.getSession().getProtocol());
            assertEquals("hello", client.echo("hello"));
        }
    }

    @Test
    void aRenewedCertificateIsUsedForNewConnectionsWithoutDroppingOpenOnes() throws Exception {
        Path chain = data.resolve("fullchain.pem");
        Path key = data.resolve("privkey.pem");
        ServerIdentity.generate(List.of("localhost")).writePem(chain, key);
        tls = ServerTls.start(new ServerTls.Source.Pem(chain, key), 0);
        String first = tls.fingerprint();
        int port = listen();

        try (Client before = new Client(port)) {
            assertEquals(first, before.fingerprint());
            ServerIdentity renewed = ServerIdentity.generate(List.of("localhost"));
            renewed.writePem(chain, key);
            assertTrue(tls.reloadIfChanged());
            assertEquals(renewed.fingerprint(), tls.fingerprint());

            try (Client after = new Client(port)) {
                assertEquals(renewed.fingerprint(), after.fingerprint());
                assertEquals("new", after.echo("new"));
            }
            assertEquals("still here", before.echo("still here"), "the open connection keeps working");
        }
        assertFalse(tls.reloadIfChanged(), "nothing changed since");
    }

    @Test
    void aHalfCopiedRenewalKeepsTheCurrentCertificate() throws Exception {
        Path chain = data.resolve("fullchain.pem");
        Path key = data.resolve("privkey.pem");
        ServerIdentity.generate(List.of("localhost")).writePem(chain, key);
        tls = ServerTls.start(new ServerTls.Source.Pem(chain, key), 0);
        String first = tls.fingerprint();

        // the new certificate is in place, its key not yet
        ServerIdentity renewed = ServerIdentity.generate(List.of("localhost"));
        renewed.writePem(chain, data.resolve("elsewhere.pem"));
        assertFalse(tls.reloadIfChanged());
        assertEquals(first, tls.fingerprint());

        Files.move(data.resolve("elsewhere.pem"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(tls.reloadIfChanged());
        assertEquals(renewed.fingerprint(), tls.fingerprint());
    }

    @Test
    void unusableKeyFilesAreRefusedWithAClearReason() throws Exception {
        Path chain = data.resolve("fullchain.pem");
        Path key = data.resolve("privkey.pem");
        ServerIdentity.generate(List.of("localhost")).writePem(chain, key);
        Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");
        IOException encrypted = assertThrows(IOException.class, () -> ServerIdentity.fromPem(chain, key));
        assertTrue(encrypted.getMessage().contains("encrypted"), encrypted.getMessage());

        ServerIdentity.generate(List.of("localhost")).writePem(data.resolve("other.pem"), key);
        IOException mismatch = assertThrows(IOException.class, () -> ServerIdentity.fromPem(chain, key));
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());

        Files.writeString(chain, "not a certificate");
        assertThrows(IOException.class, () -> ServerIdentity.fromPem(chain, key));
    }

    @Test
    void fingerprintsArePrintedAndPastedInOneForm() {
        X509Certificate certificate = ServerIdentity.generate(List.of("localhost")).certificate();
        String fingerprint = Tls.fingerprint(certificate);
        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
        assertEquals(fingerprint, Tls.normalizeFingerprint("SHA256:" + fingerprint.replace(":", "").toLowerCase()));
        assertEquals(fingerprint, Tls.normalizeFingerprint(" " + fingerprint.replace(":", " ") + "\n"));
        assertThrows(IllegalArgumentException.class, () -> Tls.normalizeFingerprint("AB:CD"));
        assertNotEquals(fingerprint, Tls.fingerprint(ServerIdentity.generate(List.of("localhost")).certificate()));
    }

    /** A TLS client that accepts any certificate and remembers the one it was shown. */
    private static final class Client implements AutoCloseable {
        final SSLSocket socket;
        private final RecordingTrust trust = new RecordingTrust();

        Client(int port) throws Exception {
            socket = (SSLSocket) trust.context().getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }

        String fingerprint() {
            return Tls.fingerprint(trust.shown());
        }

        String echo(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(text.getBytes(StandardCharsets.UTF_8).length);
            return new String(answer, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
