package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.Conversations;
import org.chatnow.client.HistoryPage;
import org.chatnow.client.RoomInfo;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Private chat, rooms, history, offline delivery, typing, read positions and presence. */
class ConversationsTest extends ServerTestSupport {

    @BeforeEach
    void start() throws Exception {
        startServer(config());
    }

    @Test
    void aPrivateMessageReachesTheTwoPartiesAndNobodyElse() throws Exception {
        Recorder alice = login("alice");
        ChatClient aliceClient = last();
        Recorder bob = login("bob");
        ChatClient bobClient = last();
        Recorder carol = login("carol");
        String dm = Conversations.direct("alice", "bob");

        get(aliceClient.send(dm, "just between us"));
        get(bobClient.send(dm, "agreed"));
        get(aliceClient.send(dm, "see you"));
        aliceClient.typing(dm, true);
        get(aliceClient.send(Conversations.LOBBY, "hello everyone"));
        bobClient.markRead(dm, 3);

        List<String> all = List.of("just between us", "agreed", "see you");
        assertEquals(all, Recorder.await(() -> bob.texts(dm), t -> t.size() == 3));
        assertEquals(all, Recorder.await(() -> alice.texts(dm), t -> t.size() == 3));
        Recorder.await(carol::texts, t -> t.contains("hello everyone"));
        Recorder.await(() -> alice.events("read"), e -> !e.isEmpty());
        Thread.sleep(300);
        assertEquals(List.of("hello everyone"), carol.texts(), "carol sees the lobby and nothing private");
        assertTrue(carol.events("typing").isEmpty() && carol.events("read").isEmpty(), "nor who types or reads there");
        assertEquals(List.of(new Recorder.Event("typing", dm, "alice", 0)), bob.events("typing"));
        assertEquals(List.of(new Recorder.Event("read", dm, "bob", 3)), alice.events("read"), "a message of bob's counts as read by him; only 3 is news");
        assertTrue(bob.conversations.stream().anyMatch(c -> c.conversation().equals(dm)), "bob's client lists the new conversation");

        // a forged conversation id naming other people is refused
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(clients.get(2).send("dm:alice:bob", "let me in")));
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(clients.get(2).history("dm:alice:bob", 0, 10)));
    }

    @Test
    void aRequestIdReusedForAnotherMessageOrANulCharacterIsRefused() throws Exception {
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("alice", "password-of-alice", null);
            raw.write(new Frame.RoomCreate("c", "dev", ""));
            raw.readUntil(Frame.Room.class);
            raw.write(new Frame.Send("1", Conversations.LOBBY, "first"));
            assertEquals(1, raw.readUntil(Frame.Ack.class).seq());
            raw.write(new Frame.Send("1", "room:dev", "second, same id"));
            assertEquals(ErrorCodes.INVALID_REQUEST, raw.readError().code());
            raw.write(new Frame.Send("2", Conversations.LOBBY, "nul \u0000 inside"));
            assertEquals(ErrorCodes.INVALID_MESSAGE, raw.readError().code());
        }
    }

    @Test
    void privateChatWithYourselfOrANonexistentUserIsRefused() throws Exception {
        login("alice");
        ChatClient alice = last();
        assertEquals(ErrorCodes.SELF_CONVERSATION, refusal(alice.send("dm:alice:alice", "hi me")));
        assertEquals("you cannot start a private chat with yourself", refusalMessage(alice.send("dm:alice:alice", "hi me")));
        assertEquals(ErrorCodes.UNKNOWN_USER, refusal(alice.send(Conversations.direct("alice", "ghost"), "boo")));
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(alice.send("dm:zed:alice", "wrong order")));
    }

    @Test
    void roomsReachTheirMembersOnly() throws Exception {
        Recorder alice = login("alice");
        ChatClient aliceClient = last();
        Recorder bob = login("bob");
        ChatClient bobClient = last();
        Recorder carol = login("carol");

        RoomInfo dev = get(aliceClient.createRoom("dev", "Builds and releases"));
        assertEquals(new RoomInfo("dev", "Builds and releases", 1, true), dev);
        assertEquals(ErrorCodes.ROOM_EXISTS, refusal(bobClient.createRoom("dev", "mine")));
        assertEquals(ErrorCodes.INVALID_NAME, refusal(bobClient.createRoom("Bad Name", "")));
        assertEquals(new RoomInfo("dev", "Builds and releases", 2, true), get(bobClient.joinRoom("dev")));
        assertEquals(ErrorCodes.UNKNOWN_ROOM, refusal(bobClient.joinRoom("nowhere")));
        get(aliceClient.send("room:dev", "release at five"));
        assertEquals(List.of("release at five"), Recorder.await(() -> bob.texts("room:dev"), t -> t.size() == 1));
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(clients.get(2).send("room:dev", "can I?")));

        List<RoomInfo> rooms = get(clients.get(2).rooms());
        assertEquals(List.of(new RoomInfo("dev", "Builds and releases", 2, false), new RoomInfo("lobby", "Everyone on this server", 3, true)), rooms);

        get(bobClient.leaveRoom("dev"));
        get(aliceClient.send("room:dev", "bob left"));
        Recorder.await(() -> alice.texts("room:dev"), t -> t.size() == 2);
        Thread.sleep(200);
        assertEquals(List.of("release at five"), bob.texts("room:dev"), "a member who left gets nothing more");
        assertEquals(ErrorCodes.CANNOT_LEAVE, refusal(bobClient.leaveRoom("lobby")));
        assertTrue(carol.texts("room:dev").isEmpty());
    }

    @Test
    void historyPagesBackwardsWithoutGapsOrDuplicates() throws Exception {
        login("alice");
        ChatClient alice = last();
        for (int i = 1; i <= 120; i++) {
            alice.send(Conversations.LOBBY, "m" + i);
        }
        get(alice.send(Conversations.LOBBY, "m121"));
        List<Long> seen = new ArrayList<>();
        long before = 0;
        int pages = 0;
        while (true) {
            HistoryPage page = get(alice.history(Conversations.LOBBY, before, 50));
            pages++;
            List<Long> seqs = page.messages().stream().map(ChatMessage::seq).toList();
            seen.addAll(0, seqs);
            if (!page.more()) {
                break;
            }
            before = seqs.get(0);
        }
        assertEquals(3, pages);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= 121; s++) {
            expected.add(s);
        }
        assertEquals(expected, seen);
        HistoryPage middle = get(alice.history(Conversations.LOBBY, 11, 3));
        assertEquals(List.of("m8", "m9", "m10"), middle.messages().stream().map(ChatMessage::text).toList());
        assertTrue(middle.more());
    }

    @Test
    void messagesToSomeoneOfflineWaitForThem() throws Exception {
        login("bob");
        last().disconnect();
        login("alice");
        ChatClient alice = last();
        String dm = Conversations.direct("alice", "bob");
        get(alice.send(dm, "are you there?"));
        get(alice.send(dm, "call me when you are back"));
        get(alice.send(Conversations.LOBBY, "lobby news"));

        Recorder bob = login("bob");
        List<ChatMessage> got = Recorder.await(() -> bob.messages, m -> m.size() == 3);
        assertEquals(List.of("lobby news", "are you there?", "call me when you are back"),
            got.stream().map(ChatMessage::text).sorted((a, b) -> a.equals("lobby news") ? -1 : b.equals("lobby news") ? 1 : 0).toList());
        assertTrue(got.stream().allMatch(ChatMessage::replayed), "delivered as missed messages");
        ConversationInfo info = Recorder.await(() -> bob.conversations, c -> c.stream().anyMatch(x -> x.conversation().equals(dm)))
            .stream().filter(c -> c.conversation().equals(dm)).findFirst().orElseThrow();
        assertEquals(2, info.unread());

        // once read, a new client of bob's is not sent them again
        last().markRead(dm, 2);
        last().markRead(Conversations.LOBBY, 1);
        Thread.sleep(200);
        last().disconnect();
        Recorder again = login("bob");
        Thread.sleep(300);
        assertTrue(again.messages.isEmpty(), "read messages are history now: " + again.texts());
    }

    @Test
    void presenceAwayAndBackReachesEveryone() throws Exception {
        Recorder alice = login("alice");
        login("bob");
        last().setAway(true);
        Recorder.await(() -> alice.events("presence:away"), e -> !e.isEmpty());
        assertEquals("bob", alice.events("presence:away").get(0).user());
        assertEquals(org.chatnow.client.Presence.AWAY, clients.get(0).users().stream().filter(u -> u.user().equals("bob")).findFirst().orElseThrow().presence());
        last().setAway(false);
        Recorder.await(() -> alice.events("presence:online"), e -> e.stream().anyMatch(x -> x.user().equals("bob")));
        last().disconnect();
        Recorder.await(() -> alice.events("presence:offline"), e -> !e.isEmpty());
    }

    @Test
    void aLoginSaysWhatItHasAndReceivesExactlyTheRest() throws Exception {
        login("alice");
        ChatClient alice = last();
        for (int i = 1; i <= 10; i++) {
            get(alice.send(Conversations.LOBBY, "n" + i));
        }
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("bob", "password-of-bob", null, Map.of(Conversations.LOBBY, 0L));
        }
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("bob", "password-of-bob", null, Map.of(Conversations.LOBBY, 7L));
            List<Long> replayed = new ArrayList<>();
            while (true) {
                Frame frame = raw.read();
                if (frame instanceof Frame.Message m) {
                    replayed.add(m.seq());
                } else if (frame instanceof Frame.Synced synced) {
                    assertEquals(10, synced.conversations().stream().filter(c -> c.conversation().equals(Conversations.LOBBY))
                        .findFirst().orElseThrow().lastSeq());
                    assertFalse(synced.truncated().contains(Conversations.LOBBY));
                    break;
                }
            }
            assertEquals(List.of(8L, 9L, 10L), replayed);
        }
        TimeUnit.MILLISECONDS.sleep(1);
    }

    @Test
    void searchFindsAConversationsMessagesIgnoringCaseForItsMembersOnly() throws Exception {
        login("alice");
        ChatClient alice = last();
        login("carol");
        ChatClient carol = last();
        for (int i = 1; i <= 60; i++) {
            get(alice.send(Conversations.LOBBY, i % 3 == 0 ? "Deploy number " + i + " is out" : "chatter " + i));
        }
        get(alice.send(Conversations.LOBBY, "100% done_now"));
        get(alice.send(Conversations.LOBBY, "100x doneXnow"));

        HistoryPage newest = get(carol.search(Conversations.LOBBY, "deploy", 0, 5));
        assertEquals(List.of("Deploy number 48 is out", "Deploy number 51 is out", "Deploy number 54 is out", "Deploy number 57 is out",
            "Deploy number 60 is out"), newest.messages().stream().map(ChatMessage::text).toList(), "the newest matches, oldest first, any case");
        assertTrue(newest.more());
        HistoryPage older = get(carol.search(Conversations.LOBBY, "DEPLOY", newest.messages().get(0).seq(), 100));
        assertEquals(15, older.messages().size());
        assertFalse(older.more());
        assertEquals(List.of("100% done_now"), get(carol.search(Conversations.LOBBY, "0% done_", 0, 10)).messages().stream()
            .map(ChatMessage::text).toList(), "% and _ are text, not wildcards");

        String dm = Conversations.direct("alice", "bob");
        login("bob");
        get(alice.send(dm, "deploy secrets"));
        assertEquals(ErrorCodes.UNKNOWN_CONVERSATION, refusal(carol.search(dm, "deploy", 0, 10)), "not hers to search");
        assertEquals(ErrorCodes.INVALID_REQUEST, refusal(carol.search(Conversations.LOBBY, "  ", 0, 10)), "an empty search is refused");
    }
}
