package org.chatnow.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.JdbcChatStore;
import org.chatnow.server.store.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request handlers without a network: frames go straight into the dispatcher on MINA's in-memory session, over
 * the real store (H2 in a temporary directory); logins are checked on the calling thread.
 */
class ChatHandlerTest {
    @TempDir
    Path data;
    private ChatStore store;
    private ChatHandler handler;
    private final Deadlines deadlines = new Deadlines();

    @BeforeEach
    void start() throws Exception {
        store = JdbcChatStore.open(JdbcChatStore.h2Url(data), null, null);
        ServerConfig config = ServerConfig.defaults().dataDirectory(data).passwordIterations(1000);
        handler = new ChatHandler(config, store, new InMemorySessionRegistry(), AdminSecret.load(data), Runnable::run, null, new FileSessions(), deadlines,
            new ConnectionsPerAddress(0));
    }

    @AfterEach
    void stop() {
        handler.close();
        deadlines.close();
        store.close();
    }

    private InMemoryClient login(String user) throws InterruptedException {
        InMemoryClient client = new InMemoryClient(handler).hello();
        client.send(new Frame.Login(client.nextId(), user, "password-of-" + user));
        assertEquals(user, client.expect(Frame.LoginOk.class).user());
        client.expect(Frame.Synced.class);
        return client;
    }

    @Test
    void eachClientFrameKindGoesToItsHandler() {
        Map<Class<? extends Frame>, Class<?>> expected = Map.ofEntries(
            Map.entry(Frame.Hello.class, HelloHandler.class),
            Map.entry(Frame.Login.class, LoginHandler.class),
            Map.entry(Frame.Send.class, SendHandler.class),
            Map.entry(Frame.History.class, HistoryHandler.class),
            Map.entry(Frame.Read.class, ReadHandler.class),
            Map.entry(Frame.Typing.class, TypingHandler.class),
            Map.entry(Frame.Presence.class, StatusHandler.class),
            Map.entry(Frame.RoomCreate.class, RoomCreateHandler.class),
            Map.entry(Frame.RoomJoin.class, RoomJoinHandler.class),
            Map.entry(Frame.RoomLeave.class, RoomLeaveHandler.class),
            Map.entry(Frame.RoomList.class, RoomListHandler.class),
            Map.entry(Frame.Admin.class, AdminHandler.class),
            Map.entry(Frame.Ping.class, PingHandler.class),
            Map.entry(Frame.Pong.class, PongHandler.class),
            Map.entry(Frame.Logout.class, LogoutHandler.class));
        expected.forEach((frame, type) -> assertInstanceOf(type, handler.handlerOf(frame), frame.getSimpleName()));
        for (Class<?> kind : Frame.class.getPermittedSubclasses()) {
            if (!expected.containsKey(kind)) {
                assertNull(handler.handlerOf(kind.asSubclass(Frame.class)), kind.getSimpleName() + " is not a client's to send");
            }
        }
    }

    @Test
    void aFrameOnlyServersSendIsRefusedAndEndsTheSession() throws Exception {
        InMemoryClient client = new InMemoryClient(handler).hello();
        Frame.Error error = client.refused(new Frame.Ack("a", Limits.LOBBY, 1), ErrorCodes.MALFORMED_FRAME);
        assertTrue(SessionState.of(client.session).ending());
        // found by ChatHandlerFuzzTest: the message named the Java class ('Ack', 'LoginOk') instead of the protocol's type
        assertEquals("a client may not send 'ack' frames", error.message());
        InMemoryClient other = new InMemoryClient(handler).hello();
        assertEquals("a client may not send 'login_ok' frames",
            other.refused(new Frame.LoginOk("x", "alice", "t", false, false), ErrorCodes.MALFORMED_FRAME).message());
    }

    @Test
    void requestsBeforeLoginAreRefused() throws Exception {
        InMemoryClient client = new InMemoryClient(handler).hello();
        client.refused(new Frame.Send("s1", Limits.LOBBY, "hello"), ErrorCodes.NOT_READY);
        client.refused(new Frame.History("h1", Limits.LOBBY, 0, 10), ErrorCodes.NOT_READY);
        client.refused(new Frame.RoomCreate("c1", "dev", null), ErrorCodes.NOT_READY);
        client.refused(new Frame.RoomList("l1"), ErrorCodes.NOT_READY);
        client.refused(new Frame.Typing(Limits.LOBBY, null, true), ErrorCodes.NOT_READY);
        client.send(new Frame.Ping("p1"));
        assertEquals("p1", client.expect(Frame.Pong.class).id(), "a ping needs no login");
        assertFalse(SessionState.of(client.session).ending(), "refusals before the login keep the connection");
        assertEquals(List.of(), store.messagesAfter(Limits.LOBBY, 0, 10));

        InMemoryClient early = new InMemoryClient(handler);
        early.refused(new Frame.Login("x", "alice", "password-of-alice"), ErrorCodes.NOT_READY);
        assertTrue(SessionState.of(early.session).ending(), "a login before hello ends the session");
    }

    @Test
    void aPrivateMessageIsStoredAndReachesOnlyTheTwoParties() throws Exception {
        InMemoryClient alice = login("alice");
        InMemoryClient bob = login("bob");
        InMemoryClient carol = login("carol");
        alice.send(new Frame.Send("m1", "dm:alice:bob", "just for bob"));
        Frame.Ack ack = alice.expect(Frame.Ack.class);
        assertEquals(new Frame.Ack("m1", "dm:alice:bob", 1), ack);
        Frame.Message toBob = bob.expect(Frame.Message.class);
        assertEquals(new Frame.Message("dm:alice:bob", 1, "alice", toBob.time(), "just for bob"), toBob);
        List<StoredMessage> stored = store.messagesAfter("dm:alice:bob", 0, 10);
        assertEquals(List.of("just for bob"), stored.stream().map(StoredMessage::text).toList());
        assertEquals(List.of("alice", "bob"), List.copyOf(new java.util.TreeSet<>(store.members("dm:alice:bob"))));

        // a room message sent afterwards is delivered after it: once carol has that one, she would have had the other
        alice.send(new Frame.Send("m2", Limits.LOBBY, "for everyone"));
        List<Frame.Message> carols = new ArrayList<>();
        do {
            carols.add(carol.expect(Frame.Message.class));
        } while (!carols.get(carols.size() - 1).text().equals("for everyone"));
        assertEquals(List.of(Limits.LOBBY), carols.stream().map(Frame.Message::conversation).distinct().toList());
        assertEquals("for everyone", bob.expect(Frame.Message.class).text());
    }

    @Test
    void aRoomMessageReachesTheRoomsMembersOnly() throws Exception {
        InMemoryClient alice = login("alice");
        InMemoryClient bob = login("bob");
        InMemoryClient carol = login("carol");
        alice.send(new Frame.RoomCreate("c", "dev", null));
        alice.expect(Frame.Room.class);
        bob.send(new Frame.RoomJoin("j", "dev"));
        bob.expect(Frame.Room.class);
        carol.refused(new Frame.Send("s0", "room:dev", "let me in"), ErrorCodes.UNKNOWN_CONVERSATION);
        alice.send(new Frame.Send("s1", "room:dev", "members only"));
        assertEquals(1, alice.expect(Frame.Ack.class).seq());
        assertEquals("members only", bob.expect(Frame.Message.class).text());
        alice.send(new Frame.Send("s2", Limits.LOBBY, "for everyone"));
        Frame.Message first = carol.expect(Frame.Message.class);
        assertEquals(new Frame.Message(Limits.LOBBY, first.seq(), "alice", first.time(), "for everyone"), first,
            "carol, not in dev, gets the lobby message and nothing before it");
        assertEquals(List.of("members only"), store.messagesAfter("room:dev", 0, 10).stream().map(StoredMessage::text).toList());
    }

    @Test
    void aResentRequestIdIsAnsweredWithTheStoredNumberAndNotStoredAgain() throws Exception {
        login("bob");
        InMemoryClient alice = login("alice");
        alice.send(new Frame.Send("same", Limits.LOBBY, "once"));
        long seq = alice.expect(Frame.Ack.class).seq();
        alice.send(new Frame.Send("same", Limits.LOBBY, "once"));
        assertEquals(new Frame.Ack("same", Limits.LOBBY, seq), alice.expect(Frame.Ack.class));
        alice.refused(new Frame.Send("same", "dm:alice:bob", "other"), ErrorCodes.INVALID_REQUEST);
        assertEquals(1, store.messagesAfter(Limits.LOBBY, 0, 10).stream().filter(m -> m.text().equals("once")).count());

        InMemoryClient again = login("alice"); // a reconnect: the id is found in the store
        again.send(new Frame.Send("same", Limits.LOBBY, "once"));
        assertEquals(seq, again.expect(Frame.Ack.class).seq());
        assertEquals(1, store.messagesAfter(Limits.LOBBY, 0, 10).stream().filter(m -> m.text().equals("once")).count());
    }

    @Test
    void historyLimitsAreClamped() throws Exception {
        assertEquals(HistoryHandler.DEFAULT_LIMIT, HistoryHandler.clampLimit(0));
        assertEquals(HistoryHandler.DEFAULT_LIMIT, HistoryHandler.clampLimit(-3));
        assertEquals(7, HistoryHandler.clampLimit(7));
        assertEquals(Limits.HISTORY_LIMIT, HistoryHandler.clampLimit(Limits.HISTORY_LIMIT + 1));
        assertEquals(Limits.HISTORY_LIMIT, HistoryHandler.clampLimit(Integer.MAX_VALUE));

        InMemoryClient alice = login("alice");
        for (int i = 1; i <= 3; i++) {
            alice.send(new Frame.Send("m" + i, Limits.LOBBY, "message " + i));
            alice.expect(Frame.Ack.class);
        }
        alice.send(new Frame.History("h", Limits.LOBBY, 0, 2));
        Frame.HistoryPage page = alice.expect(Frame.HistoryPage.class);
        assertEquals(List.of("message 2", "message 3"), page.messages().stream().map(Frame.Message::text).toList());
        assertTrue(page.more());
        alice.refused(new Frame.History("h2", "room:elsewhere", 0, 2), ErrorCodes.UNKNOWN_CONVERSATION);
    }

    @Test
    void roomCreateJoinAndLeaveRefuseWhatTheyCannotDo() throws Exception {
        InMemoryClient alice = login("alice");
        InMemoryClient bob = login("bob");
        alice.refused(new Frame.RoomCreate("c0", "Not A Name", null), ErrorCodes.INVALID_NAME);
        alice.send(new Frame.RoomCreate("c1", "dev", "building it"));
        assertEquals(new Frame.Room("c1", "dev", "building it", 1, true), alice.expect(Frame.Room.class));
        bob.refused(new Frame.RoomCreate("c2", "dev", null), ErrorCodes.ROOM_EXISTS);
        bob.refused(new Frame.RoomJoin("j0", "nowhere"), ErrorCodes.UNKNOWN_ROOM);
        bob.send(new Frame.RoomJoin("j1", "dev"));
        assertEquals(new Frame.Room("j1", "dev", "building it", 2, true), bob.expect(Frame.Room.class));
        bob.refused(new Frame.RoomLeave("l0", "lobby"), ErrorCodes.CANNOT_LEAVE);
        bob.refused(new Frame.RoomLeave("l1", "nowhere"), ErrorCodes.UNKNOWN_ROOM);
        bob.send(new Frame.RoomLeave("l2", "dev"));
        assertEquals(new Frame.Room("l2", "dev", "building it", 1, false), bob.expect(Frame.Room.class));
        bob.refused(new Frame.Send("s", "room:dev", "gone"), ErrorCodes.UNKNOWN_CONVERSATION);
    }

    @Test
    void framesSentDuringALoginAreHandledAfterItInOrder() throws Exception {
        List<Runnable> checks = new ArrayList<>();
        ServerConfig config = ServerConfig.defaults().dataDirectory(data).passwordIterations(1000);
        ChatHandler held = new ChatHandler(config, store, new InMemorySessionRegistry(), AdminSecret.load(data), checks::add, null, new FileSessions(), deadlines,
            new ConnectionsPerAddress(0));
        try {
            InMemoryClient alice = new InMemoryClient(held).hello();
            alice.send(new Frame.Login("l", "alice", "password-of-alice"));
            alice.send(new Frame.Send("m1", Limits.LOBBY, "first"));
            alice.send(new Frame.Send("m2", Limits.LOBBY, "second"));
            assertTrue(alice.received.isEmpty(), "nothing is handled while the login is checked");
            checks.remove(0).run();
            alice.expect(Frame.Synced.class);
            assertEquals("m1", alice.expect(Frame.Ack.class).id());
            assertEquals("m2", alice.expect(Frame.Ack.class).id());
        } finally {
            held.close();
        }
    }
}
