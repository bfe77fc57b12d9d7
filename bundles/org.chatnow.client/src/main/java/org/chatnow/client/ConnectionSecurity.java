package org.chatnow.client;

/**
 * What protects a connection to the server: the transport, and for TLS the negotiated protocol and cipher suite, the
 * server certificate's SHA-256 fingerprint and why it was trusted. A workbench or CLI shows "not encrypted" when
 * {@link #encrypted()} is false.
 */
public record ConnectionSecurity(Transport transport, String protocol, String cipherSuite, String fingerprint, TrustedBy trustedBy) {

    /** Why the server's certificate was accepted. */
    public enum TrustedBy {
        /** The JDK's trust store accepted the certificate for the server's host name. */
        SYSTEM,
        /** The certificate is the one pinned for this server ({@link KnownServers}). */
        PINNED
    }

    /** A plain TCP connection. */
    public static final ConnectionSecurity PLAINTEXT = new ConnectionSecurity(Transport.PLAINTEXT, null, null, null, null);

    public boolean encrypted() {
        return transport == Transport.TLS;
    }

    /** One line for people: "TLSv1.3, TLS_AES_256_GCM_SHA384, certificate AB:CD:… (pinned)" or "not encrypted". */
    public String describe() {
        if (!encrypted()) {
            return "not encrypted (plain TCP)";
        }
        return protocol + ", " + cipherSuite + ", certificate " + fingerprint + " ("
            + (trustedBy == TrustedBy.SYSTEM ? "trusted by the system" : "pinned") + ")";
    }
}
