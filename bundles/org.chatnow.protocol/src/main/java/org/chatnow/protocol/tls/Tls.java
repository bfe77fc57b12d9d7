package org.chatnow.protocol.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** The TLS versions both ends allow, and certificate fingerprints as people read and compare them. */
public final class Tls {
    /** TLS 1.3 first; 1.2 for peers without it; nothing older. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private Tls() {
    }

    /**
     * The SHA-256 fingerprint of {@code certificate}'s DER encoding as 32 upper-case hex pairs joined by colons
     * ({@code "AB:CD:..."}), the form browsers, {@code openssl x509 -fingerprint -sha256} and keytool print.
     */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /**
     * {@code text} as a fingerprint in the form of {@link #fingerprint}, accepting what people paste: any case, colons
     * or none, spaces, an optional {@code SHA256:} prefix. Throws {@link IllegalArgumentException} when it is not 32
     * bytes of hex.
     */
    public static String normalizeFingerprint(String text) {
        String hex = text.trim();
        if (hex.regionMatches(true, 0, "sha256:", 0, 7) || hex.regionMatches(true, 0, "sha-256:", 0, 8)) {
            hex = hex.substring(hex.indexOf(':') + 1);
        }
        hex = hex.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons optional): " + text);
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }
}
