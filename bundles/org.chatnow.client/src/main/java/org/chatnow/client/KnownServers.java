package org.chatnow.client;

import org.chatnow.client.internal.InMemoryKnownServers;

/**
 * Servers whose certificate the user accepted (trust on first use), by the SHA-256 fingerprint in the form of
 * {@link org.chatnow.protocol.tls.Tls#fingerprint}. A client asks it during each TLS handshake whose certificate the
 * system does not trust, on the client's own threads: implementations are thread-safe and answer quickly. The client
 * never pins by itself: an {@link UntrustedServerException} tells the caller what was presented, and the caller (after
 * showing it to the user) calls {@link #pin}.
 */
public interface KnownServers {

    /** The fingerprint pinned for {@code server}, or null. */
    String pinned(ServerAddress server);

    /** Trusts exactly the certificate with {@code fingerprint} for {@code server} from now on, in place of any other. */
    void pin(ServerAddress server, String fingerprint);

    /** Forgets the pin of {@code server}: its certificate is unknown again. */
    void forget(ServerAddress server);

    /** Pins held in memory only: forgotten when the process ends. Each call makes a new, empty one. */
    static KnownServers inMemory() {
        return new InMemoryKnownServers();
    }
}
