package org.chatnow.ui.connection.internal;

import org.eclipse.core.runtime.Platform;

/**
 * Login defaults from the command line: {@code -chatnowServer host:port}, {@code -chatnowUser name},
 * {@code -chatnowPassword secret} (for demos: other users of the machine can see command lines) and
 * {@code -chatnowAutoLogin} (connect at once with those values, as {@code ./chatnow demo} does).
 */
record LaunchOptions(String server, String user, String password, boolean autoLogin) {

    static LaunchOptions fromCommandLine() {
        String[] args = Platform.getApplicationArgs();
        String server = null;
        String user = null;
        String password = null;
        boolean auto = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-chatnowServer" -> server = i + 1 < args.length ? args[++i] : null;
                case "-chatnowUser" -> user = i + 1 < args.length ? args[++i] : null;
                case "-chatnowPassword" -> password = i + 1 < args.length ? args[++i] : null;
                case "-chatnowAutoLogin" -> auto = true;
                default -> {
                    // other workbench arguments
                }
            }
        }
        return new LaunchOptions(server, user, password, auto && server != null && user != null && password != null);
    }
}
