package org.chatnow.client.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The system trust path of one client: the JDK's trust store (or the anchors it was given), loaded on the first TLS
 * connection, on a network thread, never on the caller's.
 */
final class SystemTrust {
    private final KeyStore anchors;
    private X509ExtendedTrustManager manager;

    /** {@code anchors} null: the JDK's default trust store. */
    SystemTrust(KeyStore anchors) {
        this.anchors = anchors;
    }

    /** The trust manager, or null if none can be had (then only pinned certificates are accepted). */
    synchronized X509ExtendedTrustManager manager() {
        if (manager == null) {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(anchors);
                for (TrustManager candidate : factory.getTrustManagers()) {
                    if (candidate instanceof X509ExtendedTrustManager x509) {
                        manager = x509;
                        break;
                    }
                }
            } catch (GeneralSecurityException e) {
                return null;
            }
        }
        return manager;
    }
}
