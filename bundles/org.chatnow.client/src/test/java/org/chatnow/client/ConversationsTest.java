package org.chatnow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConversationsTest {

    @Test
    void bothPartiesNameAPrivateConversationAlike() {
        assertEquals("dm:alice:bob", Conversations.direct("alice", "bob"));
        assertEquals("dm:alice:bob", Conversations.direct("bob", "alice"));
        assertEquals("bob", Conversations.peer("dm:alice:bob", "alice"));
        assertEquals("alice", Conversations.peer("dm:alice:bob", "bob"));
        assertNull(Conversations.peer("dm:alice:bob", "carol"));
        assertTrue(Conversations.isDirect("dm:alice:bob"));
        assertFalse(Conversations.isDirect(Conversations.LOBBY));
    }

    @Test
    void privateChatWithYourselfIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conversations.direct("alice", "alice"));
        assertEquals("you cannot start a private chat with yourself", e.getMessage());
    }

    @Test
    void titles() {
        assertEquals("#lobby", Conversations.title(Conversations.LOBBY));
        assertEquals("#dev", Conversations.title(Conversations.room("dev")));
        assertEquals("@bob", Conversations.title("dm:alice:bob", "alice"));
        assertEquals("@alice/bob", Conversations.title("dm:alice:bob"));
    }

    @Test
    void serverAddressesParse() {
        assertEquals(new ServerAddress("127.0.0.1", 50007), ServerAddress.parse("127.0.0.1"));
        assertEquals(new ServerAddress("chat.example", 4000), ServerAddress.parse(" chat.example:4000 "));
        assertEquals(new ServerAddress("::1", 50007), ServerAddress.parse("[::1]"));
        assertEquals(new ServerAddress("::1", 6000), ServerAddress.parse("[::1]:6000"));
        assertEquals("[::1]:6000", ServerAddress.parse("[::1]:6000").toString());
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("host:"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("host:abc"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(""));
    }
}
