package org.chatnow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.chatnow.protocol.tls.Tls;

/**
 * The load generator's TLS: trusts exactly the server certificate with the pinned fingerprint (as a ChatNow client does
 * once the user has accepted a self-signed server), speaks the protocol's TLS versions, and counts the certificate
 * checks, which happen in every full handshake and in no resumed one, so a round can prove how many of its handshakes
 * were resumed.
 * <p>
 * Engines come from one {@link SSLContext} at a time, keyed for its client session cache by a per-user number (see
 * {@link #engine}): each simulated user keeps its own TLS session, as each real client would. {@link #freshSessions()}
 * starts a new context, whose empty cache forces full handshakes.
 */
final class BenchTls {
    /** The host name given to engines: an address literal, so no SNI is sent (as for a server reached by address). */
    static final String HOST = "127.0.0.1";

    private final String pinned;
    private final AtomicLong certificateChecks = new AtomicLong();
    private volatile SSLContext context;

    BenchTls(String fingerprint) {
        this.pinned = Tls.normalizeFingerprint(fingerprint);
        this.context = newContext();
    }

    /** The fingerprint of the certificate in {@code file} (PEM or DER). */
    static String fingerprintOf(Path certificateFile) throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Tls.fingerprint(certificate);
        } catch (CertificateException e) {
            throw new IOException("cannot read the server certificate " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    String fingerprint() {
        return pinned;
    }

    SSLContext context() {
        return context;
    }

    /** Forgets every cached TLS session: the next handshakes are full ones (their tickets are cached again). */
    void freshSessions() {
        context = newContext();
    }

    /** Certificate checks so far: one per full handshake, none for a resumed one. */
    long certificateChecks() {
        return certificateChecks.get();
    }

    /**
     * A client engine. {@code sessionKey} stands for the user: the JDK caches client sessions by host and port, and
     * every simulated user connects to the same port, so the port given to the engine (never used to connect) is
     * the user's number, and each user resumes its own session.
     */
    SSLEngine engine(int sessionKey) {
        SSLContext c = context;
        SSLEngine engine = c.createSSLEngine(HOST, 1 + Math.floorMod(sessionKey, 65_535));
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(Tls.PROTOCOLS);
        return engine;
    }

    private SSLContext newContext() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new Pinned()}, null);
            c.getClientSessionContext().setSessionCacheSize(0); // unlimited: one session per simulated user
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        certificateChecks.incrementAndGet();
        if (chain == null || chain.length == 0 || !Tls.fingerprint(chain[0]).equals(pinned)) {
            throw new CertificateException("the server presented a certificate other than the pinned " + pinned);
        }
    }

    private final class Pinned extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
