package org.chatnow.bench;

import java.util.List;

import org.chatnow.server.ServerConfig;

/**
 * How the benchmark's clients reach the server, and how a server the benchmark starts is told to listen. Always passed
 * explicitly both ways, whatever the server's default is: this is the one place that knows the server's options for it.
 */
enum BenchTransport {
    PLAIN, TLS;

    /**
     * The server's command-line options for this transport, for the test kit's {@code ServerProcess}: it starts the
     * server with {@code --insecure-plaintext} unless the options ask for TLS, so PLAIN needs none.
     */
    List<String> serverArgs() {
        return this == TLS ? List.of("--tls") : List.of();
    }

    /** The same for a server started in this JVM. */
    ServerConfig configure(ServerConfig config) {
        return config.tls(this == TLS);
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
