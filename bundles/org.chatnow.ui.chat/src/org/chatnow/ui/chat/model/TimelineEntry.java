package org.chatnow.ui.chat.model;

import java.time.Instant;
import java.time.LocalDate;

import org.chatnow.client.ChatMessage;

/** One thing the transcript shows, in the order the user reads them. */
public sealed interface TimelineEntry {
    /** "Today", "Yesterday" or a date, above the first message of a day. */
    record DayLine(LocalDate day) implements TimelineEntry {
    }

    /** "New messages": what follows message {@code afterSeq} has not been read. */
    record Divider(long afterSeq) implements TimelineEntry {
    }

    /** A message; {@code own} if the user wrote it. */
    record Message(ChatMessage message, boolean own) implements TimelineEntry {
    }

    /**
     * A message of the user's that the server has not acknowledged yet, below every message: on its way ("sending…",
     * {@code failure} null) or refused ({@code failure} says why; it can be sent again). {@code key} names it until it
     * is sent or cancelled.
     */
    record Outgoing(long key, String text, Instant time, String failure) implements TimelineEntry {
        public boolean failed() {
            return failure != null;
        }
    }
}
