package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.client.Presence;
import org.chatnow.client.UserPresence;
import org.junit.jupiter.api.Test;

/** The online list: consistent under a storm of logins, and partial (contacts and a count) on a crowded server. */
class PresenceTest extends ServerTestSupport {

    private static List<String> names(ChatClient client) {
        return client.users().stream().map(UserPresence::user).toList();
    }

    @Test
    void afterAStormOfLoginsAndLeavesEveryListIsExact() throws Exception {
        startServer(config());
        int n = 40;
        List<CompletableFuture<?>> logins = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String user = String.format("user%02d", i);
            expected.add(user);
            logins.add(client(new Recorder()).connect(address(), user, "password-of-" + user));
        }
        for (CompletableFuture<?> login : logins) {
            login.get(20, TimeUnit.SECONDS);
        }
        for (ChatClient client : clients) {
            assertEquals(expected, Recorder.await(() -> names(client), l -> l.size() == n), client.user() + "'s list");
            assertEquals(n, client.onlineCount());
            assertFalse(client.usersPartial());
        }
        // every other one leaves at once; the rest see exactly who is left
        List<String> left = new ArrayList<>();
        for (int i = 0; i < n; i += 2) {
            left.add(clients.get(i).user());
            clients.get(i).disconnect();
        }
        List<String> remaining = expected.stream().filter(u -> !left.contains(u)).toList();
        for (int i = 1; i < n; i += 2) {
            ChatClient client = clients.get(i);
            assertEquals(remaining, Recorder.await(() -> names(client), l -> l.size() == remaining.size()));
        }
    }

    @Test
    void aCrowdedServerTellsEachOnlyAboutTheirContactsAndTheCount() throws Exception {
        startServer(config().presenceListLimit(3));
        Recorder alice = login("alice");
        ChatClient aliceClient = last();
        login("bob");
        ChatClient bobClient = last();
        get(aliceClient.send(Conversations.direct("alice", "bob"), "hi bob"));
        assertEquals(List.of("alice", "bob"), Recorder.await(() -> names(aliceClient), l -> l.size() == 2));

        login("carol");
        ChatClient carol = last();
        login("dave");
        ChatClient dave = last();
        // four online, limit three: everyone switches to partial lists
        assertTrue(Recorder.await(aliceClient::usersPartial, p -> p), "alice's list became partial");
        assertEquals(List.of("alice", "bob"), Recorder.await(() -> names(aliceClient), l -> l.size() == 2), "alice: herself and bob");
        assertEquals(4, aliceClient.onlineCount());
        assertTrue(Recorder.await(carol::usersPartial, p -> p));
        assertEquals(List.of("carol"), names(carol), "carol has no private conversations");
        login("erin");
        ChatClient erin = last();
        assertTrue(erin.usersPartial(), "a login on a crowded server gets the partial list at once");
        assertEquals(List.of("erin"), names(erin));
        assertEquals(5, erin.onlineCount());

        // a contact's changes arrive, a stranger's do not
        bobClient.setAway(true);
        Recorder.await(() -> alice.events("presence:away"), e -> !e.isEmpty());
        assertEquals(Presence.AWAY, aliceClient.users().get(1).presence());
        dave.setAway(true);
        Thread.sleep(300);
        assertTrue(alice.events("presence:away").stream().allMatch(e -> e.user().equals("bob")), "nothing about dave");

        // a new private conversation makes two people contacts at once
        get(erin.send(Conversations.direct("carol", "erin"), "hello carol"));
        assertEquals(List.of("carol", "erin"), Recorder.await(() -> names(erin), l -> l.size() == 2));
        assertEquals(List.of("carol", "erin"), Recorder.await(() -> names(carol), l -> l.size() == 2));

        // the count follows within the refresh period; when few are left everyone gets the whole list again
        dave.disconnect();
        erin.disconnect();
        assertEquals(3, Recorder.await(aliceClient::onlineCount, c -> c == 3));
        assertTrue(aliceClient.usersPartial(), "three is still above three quarters of the limit");
        carol.disconnect();
        assertFalse(Recorder.await(aliceClient::usersPartial, p -> !p), "whole lists again");
        assertEquals(List.of("alice", "bob"), names(aliceClient));
        assertEquals(2, aliceClient.onlineCount());
    }
}
