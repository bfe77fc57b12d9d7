package org.chatnow.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The local admin secret: a random string in {@code admin.secret} of the data directory, readable only by the
 * server's user. Whoever can read it (an operator on the server machine) may run admin commands without an admin
 * account, e.g. to create the first accounts when registration is closed.
 */
public final class AdminSecret {
    public static final String FILE_NAME = "admin.secret";
    private final byte[] secret;

    private AdminSecret(byte[] secret) {
        this.secret = secret;
    }

    /** Reads the secret of {@code dataDirectory}, creating it on first start. */
    public static AdminSecret load(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Path temp = Files.createTempFile(dataDirectory, FILE_NAME, ".tmp");
            try {
                Files.setPosixFilePermissions(temp, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own permissions protect it
            }
            Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file);
        }
        return new AdminSecret(Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(secret, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
