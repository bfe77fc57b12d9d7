package org.chatnow.testkit.wire;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client context for tests that look at the server's certificate instead of judging it: it accepts any
 * certificate and remembers the last one a server presented ({@link #shown()}), so a test can compare fingerprints.
 */
public final class RecordingTrust {
    private final AtomicReference<X509Certificate> shown = new AtomicReference<>();
    private final SSLContext context;

    public RecordingTrust() {
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                shown.set(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recording}, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** The certificate the last handshake presented, or null. */
    public X509Certificate shown() {
        return shown.get();
    }

    /** Forgets what was shown, before the next handshake. */
    public void forget() {
        shown.set(null);
    }
}
