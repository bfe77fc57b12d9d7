package org.chatnow.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One user's connection to a ChatNow server. In OSGi it is a declarative-services component; elsewhere
 * {@link ChatClients#create()} makes one. Methods never block: results arrive as futures and listener calls.
 */
public interface ChatClient extends AutoCloseable {

    /**
     * Connects to {@code server} and logs in as {@code user}. The future completes when the session is online, or
     * fails with a {@link ChatException} saying why (unreachable server, refused name, ...).
     */
    CompletableFuture<Void> connect(ServerAddress server, String user, String password);

    /** Logs out and closes the connection; listeners see {@link ConnectionState#OFFLINE}. */
    void disconnect();

    /** Sends {@code text} to {@code conversation}; the future completes with the message's sequence number. */
    CompletableFuture<Long> send(String conversation, String text);

    ConnectionState state();

    /** The logged-in user's name, or null when offline. */
    String user();

    /** The server this client is (or was last) connected to, or null. */
    ServerAddress server();

    /** Users online now, sorted; empty when offline. */
    List<String> onlineUsers();

    /**
     * Registers {@code listener}; every call to it runs on {@code executor}, in the order events happened.
     * The returned handle removes it.
     */
    AutoCloseable addListener(ChatListener listener, Executor executor);

    /** Disconnects and releases the client's threads. */
    @Override
    void close();
}
