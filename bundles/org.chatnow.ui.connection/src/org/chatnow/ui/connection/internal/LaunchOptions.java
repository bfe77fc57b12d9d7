package org.chatnow.ui.connection.internal;

import org.eclipse.core.runtime.Platform;

/**
 * Login defaults from the command line: {@code -chatnowServer host:port}, {@code -chatnowUser name},
 * {@code -chatnowPassword secret} (for demos: other users of the machine can see command lines) and
 * {@code -chatnowAutoLogin} (connect at once with those values, as {@code ./chatnow demo} does), and
 * {@code -chatnowTrust fingerprint}: the SHA-256 fingerprint of the server's certificate, trusted for that server as if
 * the user had confirmed it (the demo reads it from the server it started).
 */
record LaunchOptions(String server, String user, String password, boolean autoLogin, String trust) {

    static LaunchOptions fromCommandLine() {
        String[] args = Platform.getApplicationArgs();
        String server = null;
        String user = null;
        String password = null;
        boolean auto = false;
        String trust = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-chatnowServer" -> server = i + 1 < args.length ? args[++i] : null;
                case "-chatnowUser" -> user = i + 1 < args.length ? args[++i] : null;
                case "-chatnowPassword" -> password = i + 1 < args.length ? args[++i] : null;
                case "-chatnowAutoLogin" -> auto = true;
                case "-chatnowTrust" -> trust = i + 1 < args.length ? args[++i] : null;
                default -> {
                    // other workbench arguments
                }
            }
        }
        return new LaunchOptions(server, user, password, auto && server != null && user != null && password != null,
            server == null ? null : trust);
    }
}
