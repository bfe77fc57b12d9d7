package org.chatnow.ui.chat.model;

import java.util.List;

/**
 * What a {@link ConversationTimeline} tells the one who shows it, in the order things change. Called on the thread
 * that calls the timeline.
 */
public interface TimelineView {
    /** Everything shown goes (the banner stays). */
    void cleared();

    /** {@code entries} go below everything shown, but above the outgoing messages (which stay at the bottom). */
    void appended(List<TimelineEntry> entries);

    /**
     * {@code entries} go above the messages shown; if {@code dropFirstDayLine}, the day line above the oldest message
     * shown repeats the day the entries end with and goes.
     */
    void prepended(List<TimelineEntry> entries, boolean dropFirstDayLine);

    /** The divider shown goes. */
    void dividerRemoved();

    /** The divider goes above message {@code seq} (below its day line). */
    void dividerInserted(long seq);

    /** {@code outgoing} goes at the bottom, below the other outgoing messages. */
    void outgoingAdded(TimelineEntry.Outgoing outgoing);

    /** The outgoing message with {@code outgoing}'s key changed (failed, or sending again): it stays where it is. */
    void outgoingChanged(TimelineEntry.Outgoing outgoing);

    /** The outgoing message {@code key} goes: it was cancelled, or the message it became is shown. */
    void outgoingRemoved(long key);

    /** The banner line changes; {@code detail} says why a page failed. */
    void bannerChanged(Banner banner, String detail);

    /** Ask the server for a page. */
    void pageWanted(PageRequest request);

    /** A page was shown; {@code more} if older pages exist. */
    void historyLoaded(boolean more);

    /** The newest page held messages newer than those shown: they are news if the user sees them. */
    void newerHistoryShown();

    /** A message asked for by {@link ConversationTimeline#reveal} is shown: scroll to it. */
    void revealed(long seq);

    /** A message asked for by {@link ConversationTimeline#reveal} could not be shown. */
    void revealFailed();
}
