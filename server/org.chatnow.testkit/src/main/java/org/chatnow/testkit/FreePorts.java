package org.chatnow.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a server a test starts on a port it must know in advance (behind a relay, or restarted on the same port).
 * They come from below the range the system hands out for outgoing connections: a port from that range
 * ({@code new ServerSocket(0)}) can be taken by some client's connection before the server binds it.
 */
public final class FreePorts {
    private static final int FROM = 20_000;
    private static final int TO = 32_000;

    private FreePorts() {
    }

    /** A loopback port that is free now. */
    public static int port() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FROM, TO);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port between " + FROM + " and " + TO);
    }
}
