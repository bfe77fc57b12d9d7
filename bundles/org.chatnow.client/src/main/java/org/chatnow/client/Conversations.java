package org.chatnow.client;

import org.chatnow.protocol.Limits;

/**
 * Conversation identifiers: {@code room:<name>} for a room, {@code dm:<a>:<b>} for the private conversation of
 * users a and b (the two names in {@link String#compareTo} order, so both parties name it alike).
 */
public final class Conversations {
    /** The group chat every user is in. */
    public static final String LOBBY = Limits.LOBBY;
    private static final String ROOM = "room:";
    private static final String DIRECT = "dm:";

    private Conversations() {
    }

    /** The conversation of room {@code name}. */
    public static String room(String name) {
        return ROOM + name;
    }

    /** The private conversation of {@code user} and {@code other}; refuses a conversation with oneself. */
    public static String direct(String user, String other) {
        if (user.equals(other)) {
            throw new IllegalArgumentException("you cannot start a private chat with yourself");
        }
        return user.compareTo(other) < 0 ? DIRECT + user + ":" + other : DIRECT + other + ":" + user;
    }

    public static boolean isRoom(String conversation) {
        return conversation.startsWith(ROOM);
    }

    public static boolean isDirect(String conversation) {
        return conversation.startsWith(DIRECT) && conversation.indexOf(':', DIRECT.length()) > 0;
    }

    /** The other party of a private conversation as seen by {@code me}, or null if it is not one of {@code me}'s. */
    public static String peer(String conversation, String me) {
        if (!isDirect(conversation)) {
            return null;
        }
        int split = conversation.indexOf(':', DIRECT.length());
        String a = conversation.substring(DIRECT.length(), split);
        String b = conversation.substring(split + 1);
        return a.equals(me) ? b : b.equals(me) ? a : null;
    }

    /** A short title: "#lobby" for a room, "@bob" for a private conversation seen by {@code me}. */
    public static String title(String conversation, String me) {
        if (isRoom(conversation)) {
            return "#" + conversation.substring(ROOM.length());
        }
        String peer = me == null ? null : peer(conversation, me);
        if (peer != null) {
            return "@" + peer;
        }
        return isDirect(conversation) ? "@" + conversation.substring(DIRECT.length()).replace(':', '/') : conversation;
    }

    /** A short title without knowing the user: "#lobby", or "@a/b" for a private conversation. */
    public static String title(String conversation) {
        return title(conversation, null);
    }
}
