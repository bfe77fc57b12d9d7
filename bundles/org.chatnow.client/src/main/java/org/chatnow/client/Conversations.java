package org.chatnow.client;

import org.chatnow.protocol.Limits;

/** Conversation identifiers. */
public final class Conversations {
    /** The group chat every user is in. */
    public static final String LOBBY = Limits.LOBBY;

    private Conversations() {
    }

    /** A short title for a conversation id: "#lobby" for a room. */
    public static String title(String conversation) {
        if (conversation.startsWith("room:")) {
            return "#" + conversation.substring("room:".length());
        }
        return conversation;
    }
}
