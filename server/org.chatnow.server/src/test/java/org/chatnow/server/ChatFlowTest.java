package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.Transport;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole flows over a real server on loopback with real clients. */
class ChatFlowTest {
    private ChatServer server;
    private final List<ChatClient> clients = new ArrayList<>();

    @TempDir
    Path data;

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(TestServers.config(data).maxFrameBytes(Limits.MIN_FRAME_BYTES));
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ChatClient::close);
        server.close();
    }

    private ServerAddress address() {
        return new ServerAddress("127.0.0.1", server.port());
    }

    private Recorder login(String user) throws Exception {
        ChatClient client = ChatClients.create();
        client.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
        clients.add(client);
        Recorder recorder = new Recorder();
        client.addListener(recorder, Runnable::run);
        client.connect(address(), user, "password-of-" + user).get(10, TimeUnit.SECONDS);
        return recorder;
    }

    @Test
    void threeClientsSeeEachOtherAndEveryGroupMessageOnce() throws Exception {
        Recorder alice = login("alice");
        Recorder bob = login("bob");
        Recorder carol = login("carol");
        List<String> all = List.of("alice", "bob", "carol");
        for (Recorder r : List.of(alice, bob, carol)) {
            assertEquals(all, Recorder.await(() -> r.users, all::equals));
        }

        long seq = clients.get(1).send(Conversations.LOBBY, "hello from bob").get(10, TimeUnit.SECONDS);
        assertEquals(1, seq);
        for (Recorder r : List.of(alice, bob, carol)) {
            Recorder.await(r::texts, t -> !t.isEmpty());
        }
        Thread.sleep(200); // a duplicate would arrive right behind the first copy
        for (Recorder r : List.of(alice, bob, carol)) {
            assertEquals(List.of(new ChatMessage(Conversations.LOBBY, 1, "bob", r.messages.get(0).time(), "hello from bob", false)),
                r.messages);
        }

        clients.get(2).disconnect();
        List<String> left = List.of("alice", "bob");
        assertEquals(left, Recorder.await(() -> alice.users, left::equals));
        assertEquals(left, Recorder.await(() -> bob.users, left::equals));
    }

    @Test
    void messagesOfOneConversationArriveInSequenceOrderEverywhere() throws Exception {
        Recorder alice = login("alice");
        Recorder bob = login("bob");
        int perSender = 200;
        Thread a = new Thread(() -> sendMany(clients.get(0), "a", perSender));
        Thread b = new Thread(() -> sendMany(clients.get(1), "b", perSender));
        a.start();
        b.start();
        a.join();
        b.join();
        for (Recorder r : List.of(alice, bob)) {
            List<ChatMessage> got = Recorder.await(() -> r.messages, m -> m.size() >= 2 * perSender);
            assertEquals(2 * perSender, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i + 1, got.get(i).seq(), "gap-free, in order");
            }
        }
    }

    private static void sendMany(ChatClient client, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            client.send(Conversations.LOBBY, prefix + i);
        }
    }

    @Test
    void oversizedFrameGetsAnErrorAndCloseWhileOthersCarryOn() throws Exception {
        Recorder alice = login("alice");
        try (RawConnection raw = rawLoggedIn(server.port(), "mallory")) {
            raw.writeRaw(ByteBuffer.allocate(4 + 1024).putInt(Limits.MIN_FRAME_BYTES + 1).flip());
            Frame.Error error = raw.readUntil(Frame.Error.class);
            assertEquals(ErrorCodes.FRAME_TOO_LARGE, error.code());
            assertTrue(raw.closedByServer(), "the server closes the connection");
        }
        clients.get(0).send(Conversations.LOBBY, "still here").get(10, TimeUnit.SECONDS);
        assertEquals(List.of("still here"), Recorder.await(alice::texts, t -> t.size() == 1));
        assertEquals(List.of("alice"), Recorder.await(() -> alice.users, List.of("alice")::equals));
    }

    @Test
    void malformedFrameGetsAnErrorAndClose() throws Exception {
        try (RawConnection raw = RawConnection.open(server.port())) {
            byte[] junk = "{not json".getBytes(StandardCharsets.UTF_8);
            raw.writeRaw(ByteBuffer.allocate(4 + junk.length).putInt(junk.length).put(junk).flip());
            assertEquals(ErrorCodes.MALFORMED_FRAME, raw.readUntil(Frame.Error.class).code());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void aConnectionThatNeverLogsInIsClosedEvenIfItKeepsPinging() throws Exception {
        server.close();
        server = ChatServer.start(TestServers.config(data.resolve("second")).loginTimeoutSeconds(1));
        try (RawConnection raw = RawConnection.open(server.port())) {
            long start = System.nanoTime();
            Frame.Error error = null;
            for (int i = 0; i < 40 && error == null; i++) {
                raw.write(new Frame.Ping("p" + i));
                Frame reply = raw.read();
                error = reply instanceof Frame.Error e ? e : null;
                Thread.sleep(100);
            }
            assertEquals(ErrorCodes.NOT_READY, error == null ? null : error.code());
            assertTrue(raw.closedByServer());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        }
    }

    @Test
    void namesDifferingOnlyInCaseAreDistinctUsers() throws Exception {
        Recorder lower = login("alice");
        login("Alice");
        List<String> both = List.of("Alice", "alice");
        assertEquals(both, Recorder.await(() -> lower.users, both::equals));
        assertEquals(ConnectionState.ONLINE, clients.get(0).state(), "no takeover across case");
        clients.get(1).disconnect();
        assertEquals(List.of("alice"), Recorder.await(() -> lower.users, List.of("alice")::equals));
    }

    @Test
    void serverConfigRefusesAFrameLimitTooSmallForAMessage() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ServerConfig.defaults().maxFrameBytes(1000).validate());
    }

    @Test
    void wrongProtocolVersionIsRefused() throws Exception {
        try (RawConnection raw = RawConnection.open(server.port())) {
            raw.write(new Frame.Hello(99, "future"));
            assertEquals(ErrorCodes.UNSUPPORTED_VERSION, raw.readUntil(Frame.Error.class).code());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void invalidNamesAndMessagesAreRefusedClearly() throws Exception {
        ChatClient client = ChatClients.create();
        client.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
        clients.add(client);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> client.connect(address(), "no spaces allowed", "secret").get(10, TimeUnit.SECONDS));
        ChatException refused = assertInstanceOf(ChatException.class, e.getCause());
        assertEquals(ErrorCodes.INVALID_NAME, refused.code());
        assertEquals(ConnectionState.OFFLINE, client.state());

        login("dave");
        ChatClient dave = clients.get(1);
        ExecutionException tooLong = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> dave.send(Conversations.LOBBY, "x".repeat(Limits.MAX_TEXT_CHARS + 1)).get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCodes.INVALID_MESSAGE, ((ChatException) tooLong.getCause()).code());
        ExecutionException unknown = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> dave.send("room:nowhere", "hi").get(10, TimeUnit.SECONDS));
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, ((ChatException) unknown.getCause()).code());
        assertEquals(ConnectionState.ONLINE, dave.state(), "a refused message does not end the session");
    }

    @Test
    void unreachableServerIsReportedNotHung() {
        ChatClient client = ChatClients.create();
        client.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
        clients.add(client);
        int closedPort = server.port();
        server.close();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> client.connect(new ServerAddress("127.0.0.1", closedPort), "erin", "secret").get(20, TimeUnit.SECONDS));
        assertEquals(ChatException.UNREACHABLE, ((ChatException) e.getCause()).code());
        assertEquals(ConnectionState.OFFLINE, client.state());
        // the @AfterEach close of an already closed server must be harmless
    }

    @Test
    void laterLoginOfTheSameNameKicksTheEarlierSession() throws Exception {
        Recorder first = login("frank");
        Recorder watcher = login("grace");
        Recorder second = login("frank");
        assertEquals(ConnectionState.KICKED, Recorder.await(() -> first.states.get(first.states.size() - 1), ConnectionState.KICKED::equals));
        assertEquals("logged in elsewhere", first.details.get(first.details.size() - 1));
        assertEquals(ConnectionState.ONLINE, clients.get(2).state());
        clients.get(2).send(Conversations.LOBBY, "I moved").get(10, TimeUnit.SECONDS);
        assertEquals(List.of("I moved"), Recorder.await(watcher::texts, t -> t.size() == 1));
        assertEquals(List.of("frank", "grace"), watcher.users, "a takeover is no leave and join");
        assertTrue(first.texts().isEmpty(), "the kicked session gets nothing more");
        assertEquals(List.of("I moved"), Recorder.await(second::texts, t -> t.size() == 1));
    }

    @Test
    void clientsThatVanishMidWriteDoNotDisturbTheOthers() throws Exception {
        Recorder alice = login("alice");
        for (int i = 0; i < 5; i++) {
            RawConnection raw = rawLoggedIn(server.port(), "ghost" + i);
            raw.socket().setSoLinger(true, 0); // reset, not an orderly close
            raw.close();
        }
        for (int i = 0; i < 50; i++) {
            clients.get(0).send(Conversations.LOBBY, "m" + i);
        }
        assertEquals(50, Recorder.await(() -> alice.messages.size(), n -> n == 50));
        assertEquals(List.of("alice"), Recorder.await(() -> alice.users, List.of("alice")::equals));
        Recorder bob = login("bob");
        assertEquals(List.of("alice", "bob"), Recorder.await(() -> bob.users, List.of("alice", "bob")::equals));
    }

    /** A raw connection logged in as {@code user} with the tests' password convention. */
    private static RawConnection rawLoggedIn(int port, String user) throws Exception {
        RawConnection raw = RawConnection.connect(port);
        raw.login(user, "password-of-" + user, null);
        return raw;
    }
}
