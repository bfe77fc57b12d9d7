package org.chatnow.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.chatnow.protocol.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store on both databases it supports: the embedded H2 file database and PostgreSQL. */
class JdbcChatStoreTest {
    @TempDir
    Path data;
    private ChatStore store;

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private ChatStore open(String database) throws Exception {
        if (database.equals("h2")) {
            store = JdbcChatStore.open(JdbcChatStore.h2Url(data), null, null);
        } else {
            assumeTrue(PostgresTestDatabase.wanted(), "PostgreSQL tests skipped (-Dchatnow.postgres=skip)");
            store = JdbcChatStore.open(PostgresTestDatabase.get().newDatabase(), "chatnow", "");
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static StoredMessage message(String conversation, long seq, String from, String clientId) {
        return new StoredMessage(conversation, seq, from, clientId, 1000 + seq, "message " + seq + " from " + from + " — ünïcødé 😀");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void accountsAreCreatedOnceAndJoinTheLobbyReadUpToNow(String database) throws Exception {
        ChatStore s = open(database);
        s.insertMessage(message(Limits.LOBBY, 1, "system", null));
        assertTrue(s.createAccount("alice", "hash-a", false, 1));
        assertFalse(s.createAccount("alice", "other", true, 2), "a name is taken once");
        Account alice = s.findAccount("alice").orElseThrow();
        assertEquals(new Account("alice", "hash-a", false, false, 1), alice);
        assertEquals(List.of(new Membership(Limits.LOBBY, 1)), s.memberships("alice"), "new accounts start with the lobby read");
        assertTrue(s.updatePassword("alice", "hash-b"));
        assertTrue(s.setBanned("alice", true));
        assertEquals(new Account("alice", "hash-b", false, true, 1), s.findAccount("alice").orElseThrow());
        assertFalse(s.updatePassword("nobody", "x"));
        assertEquals(Optional.empty(), s.findAccount("Alice"), "names are case-sensitive");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void resumeTokensExpireAndCanBeRevoked(String database) throws Exception {
        ChatStore s = open(database);
        s.createAccount("bob", "h", false, 0);
        s.saveResumeToken("t1", "bob", 5000);
        s.saveResumeToken("t2", "bob", 5000);
        assertEquals(Optional.of("bob"), s.resumeTokenAccount("t1", 4999));
        assertEquals(Optional.of("bob"), s.resumeTokenOwner("t1", 4999).map(Account::name));
        assertEquals(Optional.empty(), s.resumeTokenOwner("t1", 5000), "expired");
        assertEquals(Optional.empty(), s.resumeTokenAccount("t1", 5000), "expired");
        s.deleteResumeToken("t1");
        assertEquals(Optional.empty(), s.resumeTokenAccount("t1", 0));
        assertEquals(Optional.of("bob"), s.resumeTokenAccount("t2", 0));
        s.deleteResumeTokens("bob");
        assertEquals(Optional.empty(), s.resumeTokenAccount("t2", 0));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void messagesPageBothWaysAndARepeatedClientIdIsStoredOnce(String database) throws Exception {
        ChatStore s = open(database);
        String dm = "dm:alice:bob";
        for (long seq = 1; seq <= 30; seq++) {
            assertEquals(Optional.empty(), s.insertMessage(message(dm, seq, seq % 2 == 0 ? "bob" : "alice", "id-" + seq)));
        }
        assertEquals(30, s.lastSeq(dm));
        assertEquals(0, s.lastSeq("room:empty"));
        assertEquals(Optional.of(7L), s.insertMessage(message(dm, 31, "alice", "id-7")), "the resent request finds the original");
        assertEquals(30, s.lastSeq(dm), "nothing stored twice");
        assertEquals(Optional.empty(), s.insertMessage(message(dm, 31, "bob", "id-7")), "ids are per sender");

        List<StoredMessage> after = s.messagesAfter(dm, 25, 100);
        assertEquals(List.of(26L, 27L, 28L, 29L, 30L, 31L), after.stream().map(StoredMessage::seq).toList());
        assertEquals(message(dm, 26, "bob", "id-26"), after.get(0), "stored as sent, text intact");
        List<StoredMessage> before = s.messagesBefore(dm, 11, 4);
        assertEquals(List.of(7L, 8L, 9L, 10L), before.stream().map(StoredMessage::seq).toList(), "newest four before 11, oldest first");
        assertEquals(List.of(1L, 2L), s.messagesBefore(dm, 3, 10).stream().map(StoredMessage::seq).toList());
        assertEquals(List.of(), s.messagesAfter(dm, 31, 10));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void membershipsAndReadPositionsOnlyMoveForward(String database) throws Exception {
        ChatStore s = open(database);
        String dm = "dm:alice:bob";
        assertTrue(s.addMember(dm, "alice", 0));
        assertTrue(s.addMember(dm, "bob", 0));
        assertFalse(s.addMember(dm, "bob", 0));
        assertEquals(Set.of("alice", "bob"), s.members(dm));
        assertTrue(s.isMember(dm, "bob"));
        assertFalse(s.isMember(dm, "carol"));
        assertTrue(s.advanceRead(dm, "bob", 5));
        assertFalse(s.advanceRead(dm, "bob", 3), "never backwards");
        assertEquals(Map.of("alice", 0L, "bob", 5L), s.readPositions(dm));
        assertTrue(s.removeMember(dm, "bob"));
        assertEquals(Set.of("alice"), s.members(dm));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void searchMatchesTextIgnoringCaseWithWildcardsAsText(String database) throws Exception {
        ChatStore s = open(database);
        s.insertMessages(List.of(
            new StoredMessage("room:lobby", 1, "alice", null, 1, "Release 2.0 is OUT"),
            new StoredMessage("room:lobby", 2, "bob", null, 2, "nothing here"),
            new StoredMessage("room:lobby", 3, "alice", null, 3, "50% of the release_notes \\ done"),
            new StoredMessage("room:lobby", 4, "bob", null, 4, "release day: ünïcødé 😀")));
        assertEquals(List.of(1L, 3L, 4L), s.searchMessages("room:lobby", "RELEASE", Long.MAX_VALUE, 10).stream().map(StoredMessage::seq).toList());
        assertEquals(List.of(3L, 4L), s.searchMessages("room:lobby", "release", Long.MAX_VALUE, 2).stream().map(StoredMessage::seq).toList(),
            "the newest, oldest first");
        assertEquals(List.of(1L), s.searchMessages("room:lobby", "release", 3, 10).stream().map(StoredMessage::seq).toList(), "before 3");
        assertEquals(List.of(3L), s.searchMessages("room:lobby", "0% of", Long.MAX_VALUE, 10).stream().map(StoredMessage::seq).toList());
        assertEquals(List.of(3L), s.searchMessages("room:lobby", "_notes \\", Long.MAX_VALUE, 10).stream().map(StoredMessage::seq).toList());
        assertEquals(List.of(), s.searchMessages("room:lobby", "r_lease", Long.MAX_VALUE, 10), "_ is not a wildcard");
        assertEquals(List.of(4L), s.searchMessages("room:lobby", "😀", Long.MAX_VALUE, 10).stream().map(StoredMessage::seq).toList());
        assertEquals(List.of(), s.searchMessages("room:other", "release", Long.MAX_VALUE, 10));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void attachmentsAreFoundByIdAndCountTowardsTheQuota(String database) throws Exception {
        ChatStore s = open(database);
        s.createAccount("alice", "h", false, 0);
        assertTrue(s.insertSharedFile(new SharedFileRecord("a.txt", 100, "ab".repeat(32), "alice", 1)));
        AttachmentRecord a = new AttachmentRecord("0123456789abcdef0123456789abcdef", "dm:alice:bob", "b.png", 250, "cd".repeat(32), "alice", 2);
        s.insertAttachment(a);
        assertEquals(Optional.of(a), s.findAttachment(a.id()));
        assertEquals(Optional.empty(), s.findAttachment("ffffffffffffffffffffffffffffffff"));
        assertEquals(350, s.sharedBytes("alice"), "shared files and attachments together");
        assertEquals(0, s.sharedBytes("bob"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void roomsHaveTopicsAndMemberCounts(String database) throws Exception {
        ChatStore s = open(database);
        s.createAccount("alice", "h", false, 0);
        s.createAccount("bob", "h", false, 0);
        assertTrue(s.createRoom("dev", "Builds", "alice", 10));
        assertFalse(s.createRoom("dev", "Again", "bob", 11));
        s.addMember("room:dev", "bob", 0);
        assertEquals(Optional.of(new RoomRecord("dev", "Builds", 2)), s.findRoom("dev"));
        assertEquals(List.of(new RoomRecord("dev", "Builds", 2), new RoomRecord("lobby", "Everyone on this server", 2)), s.rooms());
        assertEquals(List.of(new Membership("room:dev", 0), new Membership(Limits.LOBBY, 0)), s.memberships("alice"));
    }
}
