package org.chatnow.server;

import java.nio.file.Path;

/** Server settings for tests: a free port, data in the test's folder, cheap password hashing. */
final class TestServers {

    private TestServers() {
    }

    static ServerConfig config(Path data) {
        return ServerConfig.defaults().port(0).filePort(0).dataDirectory(data).passwordIterations(1000);
    }
}
