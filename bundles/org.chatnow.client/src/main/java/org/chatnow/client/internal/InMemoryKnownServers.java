package org.chatnow.client.internal;

import java.util.concurrent.ConcurrentHashMap;

import org.chatnow.client.KnownServers;
import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.tls.Tls;

/** Pins for one process's lifetime. */
public final class InMemoryKnownServers implements KnownServers {
    private final ConcurrentHashMap<ServerAddress, String> pins = new ConcurrentHashMap<>();

    @Override
    public String pinned(ServerAddress server) {
        return pins.get(server);
    }

    @Override
    public void pin(ServerAddress server, String fingerprint) {
        pins.put(server, Tls.normalizeFingerprint(fingerprint));
    }

    @Override
    public void forget(ServerAddress server) {
        pins.remove(server);
    }
}
