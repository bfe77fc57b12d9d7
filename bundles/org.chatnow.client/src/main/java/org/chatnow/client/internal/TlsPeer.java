package org.chatnow.client.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.chatnow.client.ConnectionSecurity;
import org.chatnow.client.ConnectionSecurity.TrustedBy;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.protocol.tls.Tls;

/**
 * One TLS connection's view of its server: the engine that speaks to it, the decision on its certificate and what was
 * negotiated. Each connection gets its own {@link SSLContext}, so no TLS session is ever resumed and every handshake
 * checks the certificate again (a resumed session would skip the check and could outlive a forgotten pin).
 * <p>
 * A certificate is accepted when {@code systemTrust} (the JDK's trust store, checking the host name as HTTPS does)
 * accepts it, or when its fingerprint is the one {@code pinned} supplies; otherwise the handshake fails before anything
 * is sent and {@link #rejection()} says why.
 */
final class TlsPeer {
    static final AttributeKey KEY = new AttributeKey(TlsPeer.class, "peer");

    private final ServerAddress server;
    private final SystemTrust systemTrust;
    private final Supplier<String> pinned;
    private final Consumer<UntrustedServerException> onRefused;
    private volatile IoSession session;
    private volatile SSLEngine engine;
    private volatile String presented;
    private volatile TrustedBy trustedBy;
    private volatile UntrustedServerException rejection;

    /**
     * {@code systemTrust} null: only the pinned certificate is accepted (file connections after the chat's check).
     * {@code onRefused} hears of a refused certificate, on a TLS thread of MINA's: hand it on, do not work there.
     */
    TlsPeer(ServerAddress server, SystemTrust systemTrust, Supplier<String> pinned, Consumer<UntrustedServerException> onRefused) {
        this.server = server;
        this.systemTrust = systemTrust;
        this.pinned = pinned;
        this.onRefused = onRefused;
    }

    /** Makes this the peer of {@code connecting}; called before the session opens, when its handshake starts. */
    void attachTo(IoSession connecting) {
        session = connecting;
        connecting.setAttribute(KEY, this);
    }

    static TlsPeer of(IoSession session) {
        return (TlsPeer) session.getAttribute(KEY);
    }

    /** A client engine for this server: TLS 1.3/1.2, SNI and HTTPS host-name checks for the system trust path. */
    SSLEngine newEngine() {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Verifier()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
        SSLEngine created = context.createSSLEngine(server.host(), server.port());
        created.setUseClientMode(true);
        created.setEnabledProtocols(Tls.PROTOCOLS);
        SSLParameters parameters = created.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(server.host())) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(server.host())));
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (e.g. with an underscore): the server picks its default certificate
            }
        }
        created.setSSLParameters(parameters);
        engine = created;
        return created;
    }

    private static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** Why the certificate was refused, once the handshake failed for that reason; otherwise null. */
    UntrustedServerException rejection() {
        return rejection;
    }

    /** What the finished handshake negotiated; null before it finished. */
    ConnectionSecurity security() {
        SSLEngine e = engine;
        if (e == null || trustedBy == null) {
            return null;
        }
        SSLSession session = e.getSession();
        return new ConnectionSecurity(Transport.TLS, session.getProtocol(), session.getCipherSuite(), presented, trustedBy);
    }

    private void verify(X509Certificate[] chain, String authType, SSLEngine handshaking) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        String fingerprint = Tls.fingerprint(chain[0]);
        presented = fingerprint;
        String systemSays = null;
        X509ExtendedTrustManager system = systemTrust == null ? null : systemTrust.manager();
        if (system != null) {
            try {
                system.checkServerTrusted(chain, authType, handshaking);
                trustedBy = TrustedBy.SYSTEM;
                return;
            } catch (CertificateException e) {
                systemSays = plainly(e);
            }
        }
        String pin = pinned.get();
        if (fingerprint.equals(pin)) {
            trustedBy = TrustedBy.PINNED;
            return;
        }
        UntrustedServerException refused = new UntrustedServerException(server, fingerprint, pin, systemSays);
        rejection = refused;
        // MINA runs this check as a delegated task and only stores its failure until the next read or write, which may
        // never come (the server waits for the client); even the close then rethrows it instead of reporting the close.
        // So the owner hears of the refusal directly, and the connection is closed here.
        IoSession connection = session;
        if (connection != null) {
            connection.closeNow();
        }
        try {
            onRefused.accept(refused);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the client is closing: nobody waits for this connection any more
        }
        throw new CertificateException(refused.getMessage());
    }

    /** What the system's check said, in words for the person who has to decide. */
    private String plainly(CertificateException refusal) {
        String message = String.valueOf(refusal.getMessage());
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "not issued by an authority this system trusts: self-signed or from a private CA";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "not issued for the name " + server.host();
        }
        if (message.contains("expired") || message.contains("NotAfter")) {
            return "expired";
        }
        return message;
    }

    /** The trust manager of this connection's context: a client's, for this one server. */
    private final class Verifier extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine handshaking) throws CertificateException {
            verify(chain, authType, handshaking);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("ChatNow's client checks certificates on SSLEngine connections only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("ChatNow's client checks certificates on SSLEngine connections only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine handshaking) throws CertificateException {
            throw new CertificateException("a client does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0]; // asked of servers' trust managers only
        }
    }
}
