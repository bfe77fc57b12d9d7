package org.chatnow.server.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the server's current identity and can be given a new one while connections are open: handshakes from then
 * on use the new certificate; sessions already encrypted keep theirs. A handshake that chose the old alias just before
 * a swap still gets the old key and chain, so key and certificate never mismatch.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private record Generation(String alias, ServerIdentity identity, X509ExtendedKeyManager keys) {
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicReference<Generation> previous = new AtomicReference<>();
    private int generations;

    ReloadingKeyManager(ServerIdentity identity) {
        use(identity);
    }

    synchronized void use(ServerIdentity identity) {
        String alias = "server-" + ++generations;
        previous.set(current.get());
        current.set(new Generation(alias, identity, identity.keyManager(alias)));
    }

    ServerIdentity identity() {
        return current.get().identity();
    }

    private Generation of(String alias) {
        Generation now = current.get();
        if (now.alias().equals(alias)) {
            return now;
        }
        Generation before = previous.get();
        return before != null && before.alias().equals(alias) ? before : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current.get().keys().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current.get().keys().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.get().keys().getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = of(alias);
        return g == null ? null : g.keys().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = of(alias);
        return g == null ? null : g.keys().getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null; // the server presents no client certificate
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
