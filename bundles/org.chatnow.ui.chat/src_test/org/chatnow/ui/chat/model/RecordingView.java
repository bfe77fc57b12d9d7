package org.chatnow.ui.chat.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * A transcript made of text lines, changed by the timeline's calls the way the real one is: what a user would read,
 * top to bottom. Day lines read "day 2026-12-01", the divider "--- new", a message "#seq author: text".
 */
final class RecordingView implements TimelineView {
    final List<String> lines = new ArrayList<>();
    final List<PageRequest> requests = new ArrayList<>();
    final List<Long> revealed = new ArrayList<>();
    Banner banner = Banner.NONE;
    String bannerDetail;
    int revealFailures;
    int newerHistoryShown;

    static String line(TimelineEntry entry) {
        return switch (entry) {
            case TimelineEntry.DayLine d -> "day " + d.day();
            case TimelineEntry.Divider d -> "--- new";
            case TimelineEntry.Message m -> "#" + m.message().seq() + " " + m.message().from() + ": " + m.message().text();
        };
    }

    static List<String> lines(List<TimelineEntry> entries) {
        return entries.stream().map(RecordingView::line).toList();
    }

    /** The messages' sequence numbers, top to bottom. */
    List<Long> seqs() {
        return lines.stream().filter(l -> l.startsWith("#")).map(l -> Long.parseLong(l.substring(1, l.indexOf(' ')))).toList();
    }

    PageRequest lastRequest() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void cleared() {
        lines.clear();
    }

    @Override
    public void appended(List<TimelineEntry> entries) {
        lines.addAll(lines(entries));
    }

    @Override
    public void prepended(List<TimelineEntry> entries, boolean dropFirstDayLine) {
        if (dropFirstDayLine) {
            assertTrue(lines.get(0).startsWith("day "), "a day line to drop: " + lines);
            lines.remove(0);
        }
        lines.addAll(0, lines(entries));
    }

    @Override
    public void dividerRemoved() {
        assertTrue(lines.remove("--- new"), "a divider to remove");
    }

    @Override
    public void dividerInserted(long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#" + seq + " ")) {
                lines.add(i, "--- new");
                return;
            }
        }
        throw new AssertionError("no message " + seq + " for the divider");
    }

    @Override
    public void bannerChanged(Banner newBanner, String detail) {
        banner = newBanner;
        bannerDetail = detail;
    }

    @Override
    public void pageWanted(PageRequest request) {
        requests.add(request);
    }

    @Override
    public void historyLoaded(boolean more) {
        // the editor checks "Seen" and whether the top is still in view
    }

    @Override
    public void newerHistoryShown() {
        newerHistoryShown++;
    }

    @Override
    public void revealed(long seq) {
        revealed.add(seq);
    }

    @Override
    public void revealFailed() {
        revealFailures++;
    }
}
