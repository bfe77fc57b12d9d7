package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.ConnectionSecurity;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.SharedFile;
import org.chatnow.client.TransferListener;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.client.internal.MinaChatClient;
import org.chatnow.server.internal.tls.ServerIdentity;
import org.chatnow.testkit.FreePorts;
import org.chatnow.testkit.TcpProxy;
import org.junit.jupiter.api.Test;

/**
 * The client's side of TLS against a real server with TLS on, over loopback: trust on first use, pins across restarts,
 * a changed certificate refused (and reconnecting stopped), the system trust path with a test CA, files intact.
 */
class ClientTlsTest extends ServerTestSupport {

    private ChatClient tlsClient(Recorder recorder) {
        ChatClient client = client(recorder);
        client.setTransport(Transport.TLS);
        return client;
    }

    private static UntrustedServerException untrusted(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return assertInstanceOf(UntrustedServerException.class, e.getCause(), () -> String.valueOf(e.getCause()));
    }

    private void restart(int port, int filePort) throws Exception {
        server.close();
        server = ChatServer.start(config().tls(true).port(port).filePort(filePort));
    }

    @Test
    void firstUseFailsWithTheFingerprintAndAPinnedCertificateConnectsOverTls13() throws Exception {
        startServer(config().tls(true));
        Recorder recorder = new Recorder();
        ChatClient alice = tlsClient(recorder);

        UntrustedServerException refused = untrusted(alice.connect(address(), "alice", "password-of-alice"));
        assertEquals(ChatException.UNTRUSTED_CERTIFICATE, refused.code());
        assertEquals(server.tlsFingerprint(), refused.presented());
        assertNull(refused.pinned());
        assertFalse(refused.changed());
        assertTrue(refused.getMessage().contains(server.tlsFingerprint()), refused.getMessage());
        assertEquals(ConnectionState.OFFLINE, alice.state());
        assertNull(alice.security());

        alice.knownServers().pin(address(), refused.presented());
        get(alice.connect(address(), "alice", "password-of-alice"));
        ConnectionSecurity security = alice.security();
        assertEquals("TLSv1.3", security.protocol());
        assertEquals(server.tlsFingerprint(), security.fingerprint());
        assertEquals(ConnectionSecurity.TrustedBy.PINNED, security.trustedBy());
        assertTrue(security.encrypted());
        assertTrue(security.cipherSuite().startsWith("TLS_"), security.cipherSuite());

        // a burst larger than MINA's TLS write queue (64) goes out whole, in order
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(alice.send("room:lobby", "burst " + i));
        }
        long previous = 0;
        for (CompletableFuture<Long> seq : sent) {
            long now = get(seq);
            assertTrue(now > previous, "acknowledged in order");
            previous = now;
        }
    }

    @Test
    void severalTlsClientsSendingAtOnceEachReceiveEveryMessageOnce() throws Exception {
        startServer(config().tls(true));
        int users = 8;
        int each = 40;
        List<Recorder> recorders = new ArrayList<>();
        List<ChatClient> senders = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Recorder recorder = new Recorder();
            ChatClient client = tlsClient(recorder);
            client.knownServers().pin(address(), server.tlsFingerprint());
            get(client.connect(address(), "user" + i, "password-of-user" + i));
            recorders.add(recorder);
            senders.add(client);
        }
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            ChatClient sender = senders.get(i);
            String name = "user" + i;
            Thread t = new Thread(() -> {
                for (int n = 0; n < each; n++) {
                    CompletableFuture<Long> ack = sender.send("room:lobby", name + " #" + n);
                    synchronized (acks) {
                        acks.add(ack);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (CompletableFuture<Long> ack : acks) {
            get(ack);
        }
        int total = users * each;
        for (Recorder r : recorders) {
            long received = Recorder.await(() -> r.messages.stream().filter(m -> m.text().contains(" #")).count(), n -> n >= total);
            assertEquals(total, received, "every message, once");
            assertEquals(total, r.messages.stream().filter(m -> m.text().contains(" #")).map(m -> m.seq()).distinct().count());
        }
    }

    @Test
    void tlsIsTheDefaultAndTheOtherTransportIsNamedNotFallenBackTo() throws Exception {
        try (ChatClient fresh = org.chatnow.client.ChatClients.create()) {
            assertEquals(Transport.TLS, fresh.transport());
        }
        ChatClient plain = client(new Recorder());
        assertEquals(Transport.PLAINTEXT, plain.transport());
        startServer(config());
        get(plain.connect(address(), "bob", "password-of-bob"));
        assertFalse(plain.security().encrypted());
        assertEquals(ConnectionSecurity.PLAINTEXT, plain.security());
        plain.disconnect();

        ChatClient tlsToPlain = tlsClient(new Recorder());
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> tlsToPlain.connect(address(), "bob", "password-of-bob").get(20, TimeUnit.SECONDS));
        assertEquals(ChatException.TRANSPORT_MISMATCH, ChatException.of(e).code());
        assertTrue(e.getCause().getMessage().contains("TLS"), e.getCause().getMessage());
        assertEquals(ConnectionState.OFFLINE, tlsToPlain.state(), "no retry over plain TCP");
    }

    @Test
    void aPinnedServerIsResumedAfterARestartAndAChangedCertificateStopsReconnecting() throws Exception {
        startServer(config().tls(true));
        int port = server.port();
        int filePort = server.filePort();
        String original = server.tlsFingerprint();
        Recorder recorder = new Recorder();
        ChatClient alice = tlsClient(recorder);
        alice.knownServers().pin(address(), original);
        get(alice.connect(address(), "alice", "password-of-alice"));

        restart(port, filePort); // same data folder: the same self-signed certificate
        assertEquals(original, server.tlsFingerprint());
        assertEquals(ConnectionState.ONLINE, Recorder.await(alice::state, ConnectionState.ONLINE::equals),
            () -> "details: " + recorder.details);
        assertEquals(original, alice.security().fingerprint());
        get(alice.send("room:lobby", "after the restart"));

        // the server comes back with a new certificate: the reconnect is refused and not tried again
        server.close();
        deleteTree(data.resolve("tls"));
        server = ChatServer.start(config().tls(true).port(port).filePort(filePort));
        String replaced = server.tlsFingerprint();
        assertNotEquals(original, replaced);
        assertEquals(ConnectionState.OFFLINE, Recorder.await(alice::state, ConnectionState.OFFLINE::equals));
        String reason = recorder.details.get(recorder.details.size() - 1);
        assertTrue(reason.contains(original) && reason.contains(replaced) && reason.contains("CHANGED"), reason);
        int statesThen = recorder.states.size();
        Thread.sleep(3000);
        assertEquals(statesThen, recorder.states.size(), "no further attempts: " + recorder.states);
        assertNull(alice.nextReconnect());
        UntrustedServerException stopped = assertInstanceOf(UntrustedServerException.class, alice.reconnectFailure());
        assertTrue(stopped.changed());
        assertEquals(replaced, stopped.presented());

        UntrustedServerException again = untrusted(alice.connect(address(), "alice", "password-of-alice"));
        assertTrue(again.changed());
        assertEquals(original, again.pinned());
        assertEquals(replaced, again.presented());
        assertEquals(original, alice.knownServers().pinned(address()), "the old pin stays until the user replaces it");

        alice.knownServers().pin(address(), again.presented());
        get(alice.connect(address(), "alice", "password-of-alice"));
        assertEquals(replaced, alice.security().fingerprint());
        assertNull(alice.reconnectFailure());
    }

    @Test
    void fileConnectionsAcceptOnlyTheCertificateTheChatConnectionVerified() throws Exception {
        startServer(config().tls(true).tlsReloadCheckMillis(100));
        ChatClient alice = tlsClient(new Recorder());
        String original = server.tlsFingerprint();
        alice.knownServers().pin(address(), original);
        get(alice.connect(address(), "alice", "password-of-alice"));
        assertEquals(List.of(), get(alice.files().list()));

        // the server's certificate is replaced while the chat connection stays up: file connections now meet another one
        ServerIdentity.generate(List.of("localhost", "127.0.0.1"))
            .writePem(data.resolve("tls").resolve(ServerIdentity.SELF_SIGNED_CERT), data.resolve("tls").resolve(ServerIdentity.SELF_SIGNED_KEY));
        Recorder.await(server::tlsFingerprint, f -> !f.equals(original));
        assertNotEquals(original, server.tlsFingerprint());
        ExecutionException e = assertThrows(ExecutionException.class, () -> alice.files().list().get(20, TimeUnit.SECONDS));
        UntrustedServerException refused = assertInstanceOf(UntrustedServerException.class, e.getCause());
        assertEquals(original, refused.pinned());
        assertEquals(server.tlsFingerprint(), refused.presented());
    }

    @Test
    void filesTravelIntactOverTlsAndResumeAfterACut() throws Exception {
        int filePort = FreePorts.port();
        try (TcpProxy proxy = new TcpProxy(filePort)) {
            startServer(config().tls(true).filePort(filePort).advertisedFilePort(proxy.port()));
            ChatClient alice = tlsClient(new Recorder());
            alice.knownServers().pin(address(), server.tlsFingerprint());
            get(alice.connect(address(), "alice", "password-of-alice"));
            Path out = Files.createDirectories(data.resolve("out"));
            Path in = Files.createDirectories(data.resolve("in"));

            Path small = SharedFilesTest.randomFile(out, "small.bin", 4_000_000 + 17, 3);
            SharedFile up = alice.files().upload(small, "small.bin", TransferListener.NONE).result().get(60, TimeUnit.SECONDS);
            assertEquals(SharedFilesTest.sha256(small), up.sha256());
            alice.files().download("small.bin", in.resolve("small.bin"), TransferListener.NONE).result().get(60, TimeUnit.SECONDS);
            assertEquals(SharedFilesTest.sha256(small), SharedFilesTest.sha256(in.resolve("small.bin")));

            Path big = SharedFilesTest.randomFile(out, "big.bin", 12_000_000, 4);
            AtomicInteger retries = new AtomicInteger();
            TransferListener counting = new TransferListener() {
                @Override
                public void progress(long done, long total) {
                }

                @Override
                public void retrying(String why, int attempt) {
                    retries.incrementAndGet();
                }
            };
            proxy.cutAfter(5_000_000);
            up = alice.files().upload(big, "big.bin", counting).result().get(60, TimeUnit.SECONDS);
            assertEquals(1, retries.get(), "the upload was cut once and resumed over a new TLS connection");
            assertEquals(SharedFilesTest.sha256(big), up.sha256());

            retries.set(0);
            proxy.cutAfter(6_000_000);
            alice.files().download("big.bin", in.resolve("big.bin"), counting).result().get(60, TimeUnit.SECONDS);
            assertEquals(1, retries.get(), "the download was cut once and resumed");
            assertEquals(SharedFilesTest.sha256(big), SharedFilesTest.sha256(in.resolve("big.bin")));
        }
    }

    @Test
    void aCertificateFromATrustedAuthorityIsAcceptedForItsHostNameOnly() throws Exception {
        KeyPair caKeys = ecKeys();
        X500Name caName = new X500Name("CN=ChatNow Test CA");
        X509Certificate ca = certificate(caName, caKeys, caName, caKeys, true, null);
        KeyPair serverKeys = ecKeys();
        X509Certificate leaf = certificate(new X500Name("CN=localhost"), serverKeys, caName, caKeys, false, "localhost");
        Path chain = data.resolve("chain.pem");
        Path key = data.resolve("key.pem");
        new ServerIdentity(serverKeys.getPrivate(), List.of(leaf, ca)).writePem(chain, key);
        startServer(config().tls(true).tlsPem(chain, key));

        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("test-ca", ca);
        MinaChatClient alice = new MinaChatClient(anchors);
        clients.add(alice);
        alice.setTransport(Transport.TLS);
        ServerAddress byName = new ServerAddress("localhost", server.port());
        get(alice.connect(byName, "alice", "password-of-alice"));
        assertEquals(ConnectionSecurity.TrustedBy.SYSTEM, alice.security().trustedBy());
        assertEquals(server.tlsFingerprint(), alice.security().fingerprint());
        assertEquals(List.of(), get(alice.files().list()), "the file connection takes the same certificate");
        alice.disconnect();

        // the same certificate reached by an address it does not name is not vouched for by the authority
        UntrustedServerException refused = untrusted(alice.connect(address(), "alice", "password-of-alice"));
        assertEquals(server.tlsFingerprint(), refused.presented());
        assertFalse(refused.changed());
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
        boolean authority, String dnsName) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(authority ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        if (dnsName != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void deleteTree(Path folder) throws Exception {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
