package org.chatnow.server;

import java.nio.file.Path;

/** Server settings for tests: a free port, data in the test's folder, cheap password hashing. */
final class TestServers {

    private TestServers() {
    }

    static ServerConfig config(Path data) {
        // tests send faster than people and open many connections from loopback: the flood limit and the connections per
        // address are off unless a test turns them on
        return ServerConfig.defaults().port(0).filePort(0).dataDirectory(data).passwordIterations(1000).maxMessagesPerSecond(0)
            .maxConnectionsPerAddress(0);
    }
}
