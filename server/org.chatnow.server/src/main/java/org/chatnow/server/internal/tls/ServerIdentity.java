package org.chatnow.server.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.chatnow.protocol.tls.Tls;

/**
 * The server's private key and certificate chain: read from PEM files (what certbot and every CA hand out), from a
 * PKCS#12 keystore, or made by the server itself (a self-signed certificate kept in the data directory, for trust on
 * first use).
 */
public record ServerIdentity(PrivateKey key, List<X509Certificate> chain) {
    /** Names of the files of a self-signed identity in its folder. */
    public static final String SELF_SIGNED_CERT = "server.crt";
    public static final String SELF_SIGNED_KEY = "server.key";
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(3650);

    public ServerIdentity {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the server's certificate");
        }
        chain = List.copyOf(chain);
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The SHA-256 fingerprint clients see and pin. */
    public String fingerprint() {
        return Tls.fingerprint(certificate());
    }

    /** A key manager that presents this identity under {@code alias}. */
    X509ExtendedKeyManager keyManager(String alias) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry(alias, key, none, chain.toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, none);
            for (var manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 key manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use the server's key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a certificate chain (the server's certificate first, then the intermediates, as in certbot's
     * {@code fullchain.pem}) and its unencrypted private key (PKCS#8, or PKCS#1 RSA, or SEC1 EC) from PEM files.
     */
    public static ServerIdentity fromPem(Path chainFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readChain(chainFile);
        PrivateKey key = readKey(keyFile);
        return checked(new ServerIdentity(key, chain), chainFile + " and " + keyFile);
    }

    /** Reads the first key entry of a PKCS#12 keystore. */
    public static ServerIdentity fromPkcs12(Path keystore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return checked(new ServerIdentity((PrivateKey) store.getKey(alias, password), chain), keystore.toString());
                }
            }
            throw new IOException(keystore + " holds no private key");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /**
     * The self-signed identity kept in {@code folder}: made on first use (an EC P-256 key and a certificate for
     * {@code names}, valid ten years), written with owner-only permissions, and read again on later starts, so its
     * fingerprint stays the same.
     */
    public static ServerIdentity selfSigned(Path folder, Collection<String> names) throws IOException {
        Path certFile = folder.resolve(SELF_SIGNED_CERT);
        Path keyFile = folder.resolve(SELF_SIGNED_KEY);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return fromPem(certFile, keyFile);
        }
        ServerIdentity made = generate(names);
        createPrivateFolder(folder);
        made.writePem(certFile, keyFile);
        return made;
    }

    /** Writes the chain and the key as PEM files readable by their owner only (each written whole, then renamed). */
    public void writePem(Path chainFile, Path keyFile) throws IOException {
        writePrivately(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        StringBuilder certificates = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                certificates.append(pem("CERTIFICATE", c.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IOException("cannot encode the certificate: " + e.getMessage(), e);
            }
        }
        writePrivately(chainFile, certificates.toString());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }

    /** Host names and addresses a self-signed certificate names: this machine's, loopback, and {@code extra}. */
    public static Set<String> defaultNames(Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // a machine without a resolvable name is still reached as localhost or by address
        }
        for (String name : extra) {
            if (name != null && !name.isBlank() && !name.equals("0.0.0.0") && !name.equals("::")) {
                names.add(name);
            }
        }
        return names;
    }

    /** A new EC P-256 key and a self-signed certificate for {@code names} (host names or IP addresses). */
    public static ServerIdentity generate(Collection<String> names) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            String first = names.isEmpty() ? "localhost" : names.iterator().next();
            X500Name subject = new X500Name("CN=" + first.replaceAll("[,=+<>#;\"\\\\]", "_") + ",O=ChatNow (self-signed)");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
            List<GeneralName> altNames = new ArrayList<>();
            for (String name : names) {
                altNames.add(looksLikeAddress(name) ? new GeneralName(GeneralName.iPAddress, name) : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new ServerIdentity(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static boolean looksLikeAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static List<X509Certificate> readChain(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (pem.contains("ENCRYPTED")) {
            throw new IOException(file + " holds an encrypted key; give the server an unencrypted one "
                + "(readable by its user only), or a PKCS#12 keystore with its password");
        }
        try (PEMParser parser = new PEMParser(new java.io.StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read the private key in " + file + ": " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no private key in PEM form");
    }

    /** Refuses a key that does not belong to the chain's first certificate (a renewal copied half-way, say). */
    private static ServerIdentity checked(ServerIdentity identity, String where) throws IOException {
        try {
            String algorithm = identity.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + identity.key().getAlgorithm();
            var signature = java.security.Signature.getInstance(algorithm);
            byte[] probe = "chatnow".getBytes(StandardCharsets.US_ASCII);
            signature.initSign(identity.key());
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(identity.certificate().getPublicKey());
            signature.update(probe);
            if (!signature.verify(signed)) {
                throw new IOException("the private key does not match the certificate in " + where);
            }
            return identity;
        } catch (GeneralSecurityException e) {
            throw new IOException("the private key does not match the certificate in " + where + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        Files.createDirectories(folder);
        try {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults apply
        }
    }

    private static void writePrivately(Path file, String text) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(partial);
        }
        Files.writeString(partial, text, StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
