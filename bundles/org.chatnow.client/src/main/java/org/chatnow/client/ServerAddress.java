package org.chatnow.client;

import org.chatnow.protocol.Limits;

/** A server's host and chat port. */
public record ServerAddress(String host, int port) {
    /** The default server: this machine, port 50007. */
    public static final ServerAddress DEFAULT = new ServerAddress("127.0.0.1", Limits.DEFAULT_PORT);

    public ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the server address has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** Parses "host", "host:port" or "[v6]:port"; the port defaults to 50007. */
    public static ServerAddress parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the server address is empty");
        }
        String host = s;
        int port = Limits.DEFAULT_PORT;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + s);
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                port = parsePort(s.substring(close + 1), s);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = parsePort(s.substring(s.indexOf(':')), s);
        }
        return new ServerAddress(host, port);
    }

    private static int parsePort(String colonPort, String whole) {
        if (!colonPort.startsWith(":") || colonPort.length() == 1) {
            throw new IllegalArgumentException("no port after ':' in " + whole);
        }
        try {
            return Integer.parseInt(colonPort.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + colonPort.substring(1) + "' is not a port number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
