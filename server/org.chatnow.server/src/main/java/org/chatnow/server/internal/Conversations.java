package org.chatnow.server.internal;

import org.chatnow.protocol.Frame;
import org.chatnow.server.store.StoredMessage;

/** Conversation names ({@code room:<name>}, {@code dm:<a>:<b>}) and stored messages as frames. */
final class Conversations {
    static final String ROOM_PREFIX = "room:";

    private Conversations() {
    }

    static boolean isDirect(String conversation) {
        return conversation.startsWith("dm:");
    }

    /** The other party of a well-formed private conversation of {@code user}, or null. */
    static String peer(String conversation, String user) {
        String rest = conversation.substring(3);
        int split = rest.indexOf(':');
        if (split <= 0 || split == rest.length() - 1) {
            return null;
        }
        String a = rest.substring(0, split);
        String b = rest.substring(split + 1);
        if (a.compareTo(b) >= 0) {
            return null;
        }
        return a.equals(user) ? b : b.equals(user) ? a : null;
    }

    static Frame.Message toFrame(StoredMessage m) {
        return new Frame.Message(m.conversation(), m.seq(), m.sender(), m.time(), m.text());
    }
}
