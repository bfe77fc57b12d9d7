package org.chatnow.ui.connection.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.chatnow.client.KnownServers;
import org.chatnow.client.ServerAddress;
import org.chatnow.ui.PreferenceStores;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * The certificates the user trusted on first use, kept with the remembered servers in this bundle's preferences
 * ({@code host:port fingerprint}, one per line). The client asks {@link #pinned} on its network threads during a
 * handshake: answers come from memory; changes are written through to the preferences and saved in the background.
 */
final class PinnedServers implements KnownServers {
    static final String PINNED_CERTIFICATES = "pinnedCertificates";

    private final IEclipsePreferences node = InstanceScope.INSTANCE.getNode(LoginPreferences.NODE);
    private final ConcurrentHashMap<ServerAddress, String> pins = new ConcurrentHashMap<>();

    PinnedServers() {
        load();
    }

    private void load() {
        Map<ServerAddress, String> read = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (String line : node.get(PINNED_CERTIFICATES, "").split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 2) {
                continue;
            }
            try {
                read.put(ServerAddress.parse(parts[0]), parts[1]);
            } catch (IllegalArgumentException e) {
                // a line edited by hand into something else: ignore it rather than refuse every pin
            }
        }
        pins.putAll(read);
    }

    @Override
    public String pinned(ServerAddress server) {
        return pins.get(server);
    }

    @Override
    public synchronized void pin(ServerAddress server, String fingerprint) {
        pins.put(server, fingerprint);
        save();
    }

    @Override
    public synchronized void forget(ServerAddress server) {
        pins.remove(server);
        save();
    }

    /** Every pin, by server, in the order of their addresses. */
    Map<ServerAddress, String> all() {
        Map<ServerAddress, String> sorted = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        sorted.putAll(pins);
        return sorted;
    }

    synchronized void forgetAll() {
        pins.clear();
        save();
    }

    private void save() {
        StringBuilder lines = new StringBuilder();
        all().forEach((server, fingerprint) -> lines.append(server).append(' ').append(fingerprint).append('\n'));
        if (lines.isEmpty()) {
            node.remove(PINNED_CERTIFICATES);
        } else {
            node.put(PINNED_CERTIFICATES, lines.toString());
        }
        PreferenceStores.saveLater(LoginPreferences.NODE);
    }
}
