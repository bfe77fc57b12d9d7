package org.chatnow.client;

import java.util.List;

/** Events of a {@link ChatClient}. Every method has an empty default: implement what you need. */
public interface ChatListener {

    /** The connection changed state; {@code detail} says why (e.g. the kick reason), or is null. */
    default void stateChanged(ConnectionState state, String detail) {
    }

    /** A message arrived in any conversation the user is in, own messages included. */
    default void messageReceived(ChatMessage message) {
    }

    /** The list of users online changed; {@code users} is the whole sorted list. */
    default void onlineUsersChanged(List<String> users) {
    }
}
