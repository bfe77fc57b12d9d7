package org.chatnow.ui.chat.model;

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
}
