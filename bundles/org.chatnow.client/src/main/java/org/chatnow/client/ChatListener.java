package org.chatnow.client;

import java.util.List;

/** Events of a {@link ChatClient}. Every method has an empty default: implement what you need. */
public interface ChatListener {

    /** The connection changed state; {@code detail} says why (e.g. the kick reason, "retrying in 4 s"), or is null. */
    default void stateChanged(ConnectionState state, String detail) {
    }

    /**
     * A message arrived in a conversation the user is in, own messages included. Each message arrives once, in
     * sequence order per conversation; {@link ChatMessage#replayed()} marks those sent because the client missed them.
     */
    default void messageReceived(ChatMessage message) {
    }

    /** The list of users online (or their number, {@link ChatClient#onlineCount()}) changed; {@code users} is the whole sorted list. */
    default void onlineUsersChanged(List<String> users) {
    }

    /** A user's presence changed (including to {@link Presence#OFFLINE}). */
    default void presenceChanged(String user, Presence presence) {
    }

    /** Someone started or stopped typing in a conversation. */
    default void typingChanged(String conversation, String user, boolean typing) {
    }

    /** Another member has read {@code conversation} up to {@code seq}. */
    default void readReceipt(String conversation, String user, long seq) {
    }

    /** A file was added to ({@code deleted} false) or deleted from the shared folder. */
    default void sharedFileChanged(SharedFile file, boolean deleted) {
    }

    /** The set of conversations changed (login, a room joined or left, a new private conversation). */
    default void conversationsChanged(List<ConversationInfo> conversations) {
    }
}
