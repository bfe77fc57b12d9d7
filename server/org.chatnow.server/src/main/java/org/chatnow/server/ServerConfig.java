package org.chatnow.server;

import org.chatnow.protocol.Limits;

/**
 * How a server listens and what it accepts.
 *
 * @param bindAddress address to listen on ("127.0.0.1" by default, "0.0.0.0" for every interface)
 * @param port chat port; 0 picks a free one (see {@link ChatServer#port()})
 * @param maxFrameBytes largest frame payload accepted from a client
 * @param maxQueuedBytesPerSession a session whose unsent output exceeds this is closed as too slow
 * @param loginTimeoutSeconds a connection that has not logged in this long after connecting is closed
 */
public record ServerConfig(String bindAddress, int port, int maxFrameBytes, long maxQueuedBytesPerSession,
    int loginTimeoutSeconds) {

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxFrameBytes < Limits.MIN_FRAME_BYTES) {
            throw new IllegalArgumentException("the frame limit must be at least " + Limits.MIN_FRAME_BYTES + " bytes");
        }
        if (loginTimeoutSeconds < 1) {
            throw new IllegalArgumentException("the login timeout must be at least one second");
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address missing");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", Limits.DEFAULT_PORT, Limits.MAX_FRAME_BYTES, 16L << 20, 30);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, maxFrameBytes, maxQueuedBytesPerSession, loginTimeoutSeconds);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(address, port, maxFrameBytes, maxQueuedBytesPerSession, loginTimeoutSeconds);
    }

    public ServerConfig withMaxFrameBytes(int bytes) {
        return new ServerConfig(bindAddress, port, bytes, maxQueuedBytesPerSession, loginTimeoutSeconds);
    }

    public ServerConfig withLoginTimeoutSeconds(int seconds) {
        return new ServerConfig(bindAddress, port, maxFrameBytes, maxQueuedBytesPerSession, seconds);
    }
}
