package org.chatnow.ui.connection.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.chatnow.ui.PreferenceStores;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * What the login dialog remembers, in this bundle's preferences: the servers last used (most recent first), the
 * last user name, for which logins a password is kept in secure storage (never the password itself), and which
 * servers the user chose to reach over plain TCP. The certificates trusted on first use are here too
 * ({@link PinnedServers}).
 */
final class LoginPreferences {
    static final String NODE = "org.chatnow.ui.connection";
    static final String DEFAULT_SERVER = "defaultServer";
    static final String RECENT_SERVERS = "recentServers";
    static final String LAST_USER = "lastUser";
    static final String REMEMBERED_LOGINS = "rememberedLogins";
    static final String PLAINTEXT_SERVERS = "plaintextServers";
    static final int MAX_RECENT = 8;

    private final IEclipsePreferences node = InstanceScope.INSTANCE.getNode(NODE);

    String defaultServer() {
        return node.get(DEFAULT_SERVER, PreferenceInitializer.DEFAULT_SERVER);
    }

    List<String> recentServers() {
        return lines(node.get(RECENT_SERVERS, ""));
    }

    String lastUser() {
        return node.get(LAST_USER, null);
    }

    /** The server the login dialog starts with: the last one used, else the default server. */
    String initialServer() {
        List<String> recent = recentServers();
        return recent.isEmpty() ? defaultServer() : recent.get(0);
    }

    boolean isPasswordRemembered(String server, String user) {
        return lines(node.get(REMEMBERED_LOGINS, "")).contains(login(server, user));
    }

    /** Whether the last login to {@code server} was over plain TCP, by the user's choice. */
    boolean isPlaintext(String server) {
        return lines(node.get(PLAINTEXT_SERVERS, "")).contains(server);
    }

    /**
     * A login worked: {@code server} goes first in the recent list, {@code user} is the name to suggest, and the
     * transport is the one to offer for this server next time.
     */
    void loginSucceeded(String server, String user, boolean passwordRemembered, boolean plaintext) {
        Set<String> plain = new LinkedHashSet<>(lines(node.get(PLAINTEXT_SERVERS, "")));
        if (plaintext) {
            plain.add(server);
        } else {
            plain.remove(server);
        }
        node.put(PLAINTEXT_SERVERS, String.join("\n", plain));
        Set<String> recent = new LinkedHashSet<>();
        recent.add(server);
        recent.addAll(recentServers());
        node.put(RECENT_SERVERS, String.join("\n", recent.stream().limit(MAX_RECENT).toList()));
        node.put(LAST_USER, user);
        Set<String> remembered = new LinkedHashSet<>(lines(node.get(REMEMBERED_LOGINS, "")));
        if (passwordRemembered) {
            remembered.add(login(server, user));
        } else {
            remembered.remove(login(server, user));
        }
        node.put(REMEMBERED_LOGINS, String.join("\n", remembered));
        PreferenceStores.saveLater(NODE);
    }

    /** Forgets the recent servers, the last user, which passwords were remembered and the transport chosen for each. */
    void forgetLogins() {
        node.remove(RECENT_SERVERS);
        node.remove(PLAINTEXT_SERVERS);
        node.remove(LAST_USER);
        node.remove(REMEMBERED_LOGINS);
        PreferenceStores.saveLater(NODE);
    }

    private static String login(String server, String user) {
        return user + "@" + server;
    }

    private static List<String> lines(String value) {
        return new ArrayList<>(Arrays.stream(value.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }
}
