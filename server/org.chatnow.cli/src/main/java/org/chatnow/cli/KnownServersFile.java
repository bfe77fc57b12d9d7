package org.chatnow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.chatnow.client.KnownServers;
import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.tls.Tls;

/**
 * The servers the user trusts, in a text file: one line per server, {@code host:port fingerprint}; '#' starts a comment.
 * Read at each handshake, so edits by hand count at once; written whole through a temporary file so that a crash never
 * leaves half a file.
 */
final class KnownServersFile implements KnownServers {
    private final Path file;

    KnownServersFile(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CONFIG_HOME/chatnow/known-servers}, else {@code ~/.config/chatnow/known-servers}. */
    static Path defaultLocation(Terminal terminal) {
        String config = terminal.env("XDG_CONFIG_HOME");
        Path base = config != null ? Path.of(config) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("chatnow").resolve("known-servers");
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized String pinned(ServerAddress server) {
        for (String line : lines()) {
            String[] fields = fields(line);
            if (fields != null && matches(fields[0], server)) {
                return fields[1];
            }
        }
        return null;
    }

    @Override
    public synchronized void pin(ServerAddress server, String fingerprint) {
        List<String> kept = without(server);
        kept.add(server + " " + Tls.normalizeFingerprint(fingerprint));
        write(kept);
    }

    @Override
    public synchronized void forget(ServerAddress server) {
        write(without(server));
    }

    private List<String> without(ServerAddress server) {
        List<String> kept = new ArrayList<>();
        for (String line : lines()) {
            String[] fields = fields(line);
            if (fields == null || !matches(fields[0], server)) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** The address and fingerprint of a line, or null for a comment, a blank or a line that is not understood. */
    private static String[] fields(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        String[] fields = text.split("\\s+", 2);
        if (fields.length < 2) {
            return null;
        }
        try {
            return new String[] {fields[0], Tls.normalizeFingerprint(fields[1])};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean matches(String address, ServerAddress server) {
        try {
            return ServerAddress.parse(address).equals(server);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "known-servers", ".tmp");
            Files.write(temporary, lines);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(CliException.REFUSED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
