package org.chatnow.server;

import org.chatnow.protocol.Limits;

/**
 * How a server listens and what it accepts.
 *
 * @param bindAddress address to listen on ("127.0.0.1" by default, "0.0.0.0" for every interface)
 * @param port chat port; 0 picks a free one (see {@link ChatServer#port()})
 * @param maxFrameBytes largest frame payload accepted from a client
 * @param maxQueuedBytesPerSession a session whose unsent output exceeds this is closed as too slow
 */
public record ServerConfig(String bindAddress, int port, int maxFrameBytes, long maxQueuedBytesPerSession) {

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address missing");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", Limits.DEFAULT_PORT, Limits.MAX_FRAME_BYTES, 16L << 20);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, maxFrameBytes, maxQueuedBytesPerSession);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(address, port, maxFrameBytes, maxQueuedBytesPerSession);
    }

    public ServerConfig withMaxFrameBytes(int bytes) {
        return new ServerConfig(bindAddress, port, bytes, maxQueuedBytesPerSession);
    }
}
