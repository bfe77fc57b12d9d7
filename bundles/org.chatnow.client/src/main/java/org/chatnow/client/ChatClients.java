package org.chatnow.client;

import org.chatnow.client.internal.MinaChatClient;

/** Makes clients outside OSGi (command line tools, tests, benchmarks). In OSGi, use the ChatClient service. */
public final class ChatClients {

    private ChatClients() {
    }

    /** A new, offline client; {@link ChatClient#close()} releases it. */
    public static ChatClient create() {
        return new MinaChatClient();
    }
}
