package org.chatnow.client;

import java.util.List;

/** A page of a conversation's history, oldest first; {@code more} is true when older messages exist. */
public record HistoryPage(String conversation, List<ChatMessage> messages, boolean more) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
