package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.Transport;
import org.chatnow.client.ChatException;
import org.chatnow.client.ServerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server in this JVM on a free loopback port, and real clients logged in to it. */
abstract class ServerTestSupport {
    @TempDir
    Path data;
    ChatServer server;
    final List<ChatClient> clients = new ArrayList<>();

    void startServer(ServerConfig config) throws IOException {
        server = ChatServer.start(config);
    }

    ServerConfig config() {
        return TestServers.config(data);
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ChatClient::close);
        if (server != null) {
            server.close();
        }
    }

    ServerAddress address() {
        return new ServerAddress("127.0.0.1", server.port());
    }

    ChatClient client(Recorder recorder) {
        ChatClient client = ChatClients.create();
        client.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
        clients.add(client);
        client.addListener(recorder, Runnable::run);
        return client;
    }

    /** Logs {@code user} in with password "password-of-user"; returns what its listener sees. */
    Recorder login(String user) throws Exception {
        return login(user, "password-of-" + user);
    }

    Recorder login(String user, String password) throws Exception {
        Recorder recorder = new Recorder();
        client(recorder).connect(address(), user, password).get(10, TimeUnit.SECONDS);
        return recorder;
    }

    ChatClient last() {
        return clients.get(clients.size() - 1);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The code of the {@link ChatException} the future fails with. */
    static String refusal(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(ChatException.class, e.getCause()).code();
    }

    static String refusalMessage(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(ChatException.class, e.getCause()).getMessage();
    }
}
