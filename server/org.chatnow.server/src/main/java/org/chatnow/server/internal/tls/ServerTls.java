package org.chatnow.server.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

import org.apache.mina.filter.ssl.SslFilter;
import org.chatnow.protocol.mina.TlsFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: where its identity comes from, the {@link SSLContext} both acceptors share, and a watch on the
 * identity's files that takes a renewed certificate without a restart (checked every few seconds; a file that is
 * half-written or does not match its key is logged and the current identity kept).
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /** Where the identity comes from, and which files to watch for a renewal. */
    public sealed interface Source {
        ServerIdentity load() throws IOException;

        List<Path> files();

        /** PEM files: the certificate chain and its private key. */
        record Pem(Path chain, Path key) implements Source {
            @Override
            public ServerIdentity load() throws IOException {
                return ServerIdentity.fromPem(chain, key);
            }

            @Override
            public List<Path> files() {
                return List.of(chain, key);
            }
        }

        /** A PKCS#12 keystore and the file holding its password (its first line). */
        record Pkcs12(Path keystore, Path passwordFile) implements Source {
            @Override
            public ServerIdentity load() throws IOException {
                char[] password = passwordFile == null ? new char[0]
                    : Files.readAllLines(passwordFile).stream().findFirst().orElse("").toCharArray();
                return ServerIdentity.fromPkcs12(keystore, password);
            }

            @Override
            public List<Path> files() {
                return passwordFile == null ? List.of(keystore) : List.of(keystore, passwordFile);
            }
        }

        /** The server's own self-signed certificate, made on first start in {@code folder}. */
        record SelfSigned(Path folder, Collection<String> names) implements Source {
            @Override
            public ServerIdentity load() throws IOException {
                return ServerIdentity.selfSigned(folder, names);
            }

            @Override
            public List<Path> files() {
                return List.of(folder.resolve(ServerIdentity.SELF_SIGNED_CERT), folder.resolve(ServerIdentity.SELF_SIGNED_KEY));
            }
        }
    }

    private final Source source;
    private final ReloadingKeyManager keys;
    private final SSLContext context;
    private final ScheduledExecutorService watcher;
    private List<Object> seen;

    private ServerTls(Source source, ServerIdentity identity, long checkEveryMillis) throws GeneralSecurityException {
        this.source = source;
        this.keys = new ReloadingKeyManager(identity);
        this.context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keys}, null, new SecureRandom());
        this.seen = stamps();
        if (checkEveryMillis > 0) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "chatnow-tls-reload");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
        } else {
            watcher = null;
        }
    }

    /**
     * Loads the identity from {@code source} (making a self-signed one if that is the source and none exists yet) and
     * watches its files every {@code checkEveryMillis} (0: never).
     */
    public static ServerTls start(Source source, long checkEveryMillis) throws IOException {
        ServerIdentity identity = source.load();
        try {
            return new ServerTls(source, identity, checkEveryMillis);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A filter for one acceptor's chain (first in the chain): TLS 1.3 or 1.2, the server's current identity. */
    public SslFilter newFilter() {
        return new TlsFilter(context);
    }

    /** The SHA-256 fingerprint of the certificate presented now. */
    public String fingerprint() {
        return keys.identity().fingerprint();
    }

    public ServerIdentity identity() {
        return keys.identity();
    }

    /** Reads the identity again if its files changed since it was last read; true if a new one is in use. */
    public synchronized boolean reloadIfChanged() {
        List<Object> now = stamps();
        if (now.equals(seen)) {
            return false;
        }
        try {
            ServerIdentity renewed = source.load();
            seen = now;
            if (renewed.fingerprint().equals(fingerprint())) {
                return false;
            }
            keys.use(renewed);
            LOG.info("TLS certificate reloaded; new SHA-256 fingerprint {} (valid until {})", renewed.fingerprint(),
                renewed.certificate().getNotAfter().toInstant());
            return true;
        } catch (IOException | RuntimeException e) {
            // a renewal caught half-way: try again at the next check, keep serving the current certificate meanwhile
            LOG.warn("TLS certificate files changed but cannot be used yet ({}); still presenting {}", e.getMessage(), fingerprint());
            return false;
        }
    }

    private List<Object> stamps() {
        List<Object> stamps = new ArrayList<>();
        for (Path file : source.files()) {
            try {
                stamps.add(Files.getLastModifiedTime(file).toMillis());
                stamps.add(Files.size(file));
            } catch (IOException e) {
                stamps.add(null);
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "TLS " + Objects.toString(source) + " " + fingerprint();
    }
}
