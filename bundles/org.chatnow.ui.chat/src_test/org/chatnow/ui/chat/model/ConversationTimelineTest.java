package org.chatnow.ui.chat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.chatnow.client.ChatMessage;
import org.chatnow.client.HistoryPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationTimelineTest {
    private static final String ROOM = "room:lobby";
    /** Noon on 1 December 2026 in UTC; message n is written n minutes later unless a test says otherwise. */
    private static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");
    private static final ZoneId ZONE = ZoneOffset.UTC;

    private RecordingView view;
    private ConversationTimeline timeline;

    @BeforeEach
    void setUp() {
        view = new RecordingView();
        timeline = new ConversationTimeline(ZONE, view, 3);
        timeline.setUser("me");
    }

    private static ChatMessage message(long seq) {
        return message(seq, "bob");
    }

    private static ChatMessage message(long seq, String from) {
        return new ChatMessage(ROOM, seq, from, NOON.plusSeconds(60 * seq), "text " + seq, false);
    }

    private static List<ChatMessage> range(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(ConversationTimelineTest::message).toList();
    }

    private static HistoryPage page(List<ChatMessage> messages, boolean more) {
        return new HistoryPage(ROOM, messages, more);
    }

    private static List<Long> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    /** The view the calls built and the timeline's own account of what it shows must agree. */
    private void assertConsistent() {
        assertEquals(RecordingView.lines(timeline.entries()), view.lines);
    }

    /** Online with nothing held: the newest page is asked for. */
    private PageRequest openOnline() {
        timeline.start(List.of(), 0, false);
        timeline.setOnline(true);
        return view.lastRequest();
    }

    @Test
    void newestPageThenOlderPageUpToTheBeginning() {
        PageRequest newest = openOnline();
        assertEquals(new PageRequest(0, ConversationTimeline.FIRST_PAGE, 0), newest);
        assertEquals(Banner.LOADING, view.banner);

        timeline.pageArrived(newest, page(range(51, 100), true));
        assertEquals(seqs(51, 100), view.seqs());
        assertEquals("day 2026-12-01", view.lines.get(0));
        assertEquals(Banner.NONE, view.banner);
        assertTrue(timeline.wantsOlder());

        timeline.scrolledToTop();
        PageRequest older = view.lastRequest();
        assertEquals(new PageRequest(51, ConversationTimeline.OLDER_PAGE, 0), older);
        timeline.pageArrived(older, page(range(1, 50), false));
        assertEquals(seqs(1, 100), view.seqs());
        assertEquals(1, view.lines.stream().filter(l -> l.startsWith("day ")).count(), "one day line for one day");
        assertEquals(Banner.BEGINNING, view.banner);
        assertEquals(HistoryState.COMPLETE, timeline.history());
        assertConsistent();
    }

    @Test
    void anEmptyConversationSaysSo() {
        timeline.pageArrived(openOnline(), page(List.of(), false));
        assertEquals(List.of(), view.lines);
        assertEquals(Banner.EMPTY, view.banner);
    }

    @Test
    void onePageAtATime() {
        openOnline();
        timeline.loadNewest();
        timeline.scrolledToTop();
        assertEquals(1, view.requests.size(), "nothing more is asked while a page is on its way");
    }

    @Test
    void nothingIsAskedWhileOffline() {
        timeline.start(range(1, 5), 0, false);
        timeline.loadNewest();
        assertEquals(List.of(), view.requests);
        assertEquals(HistoryState.NOT_LOADED, timeline.history());
        timeline.setOnline(true);
        assertEquals(1, view.requests.size(), "connecting loads the newest page");
    }

    @Test
    void aPageOutOfOrderIsShownInOrder() {
        PageRequest newest = openOnline();
        List<ChatMessage> shuffled = new ArrayList<>(range(1, 20));
        java.util.Collections.reverse(shuffled);
        shuffled.add(message(7));
        timeline.pageArrived(newest, page(shuffled, false));
        assertEquals(seqs(1, 20), view.seqs());
        assertConsistent();
    }

    @Test
    void pagesAskedForBeforeARestartAreDropped() {
        PageRequest beforeRestart = openOnline();
        timeline.restart();
        timeline.start(range(95, 100), 0, false);
        timeline.loadNewest();
        PageRequest afterRestart = view.lastRequest();
        assertEquals(beforeRestart.generation() + 1, afterRestart.generation());

        // the newer answer comes first, the stale one after it
        timeline.pageArrived(afterRestart, page(range(51, 100), true));
        timeline.pageArrived(beforeRestart, page(range(1, 30), false));
        timeline.pageFailed(beforeRestart, new IllegalStateException("late"));
        assertEquals(seqs(51, 100), view.seqs());
        assertEquals(Banner.NONE, view.banner);
        assertEquals(HistoryState.MORE, timeline.history());
        assertConsistent();
    }

    @Test
    void aLiveMessageArrivingWhileTheNewestPageLoadsIsShownOnce() {
        PageRequest newest = openOnline();
        timeline.live(List.of(message(100)), true, 0);
        assertEquals(List.of(100L), view.seqs());

        // the page was read on the server after message 100 was stored: it holds it too
        timeline.pageArrived(newest, page(range(51, 100), true));
        assertEquals(seqs(51, 100), view.seqs());
        assertEquals(List.of("day 2026-12-01"), view.lines.stream().filter(l -> l.startsWith("day ")).toList());
        assertConsistent();
    }

    @Test
    void liveMessagesNewerThanAPageAreKeptBelowIt() {
        PageRequest newest = openOnline();
        timeline.live(range(101, 102), true, 0);
        timeline.pageArrived(newest, page(range(51, 100), true));
        assertEquals(seqs(51, 102), view.seqs());
        assertConsistent();
    }

    @Test
    void duplicatesAreShownOnce() {
        timeline.pageArrived(openOnline(), page(range(1, 10), false));
        ConversationTimeline.LiveOutcome outcome = timeline.live(List.of(message(9), message(10), message(11), message(11), message(12)), true, 0);
        assertEquals(seqs(11, 12), outcome.shown().stream().map(ChatMessage::seq).toList());
        assertEquals(seqs(1, 12), view.seqs());
        timeline.scrolledToTop();
        timeline.loadNewest();
        PageRequest again = view.lastRequest();
        int newerBefore = view.newerHistoryShown;
        timeline.pageArrived(again, page(range(3, 12), false));
        assertEquals(seqs(1, 12), view.seqs(), "a page of known messages changes nothing");
        assertEquals(newerBefore, view.newerHistoryShown, "nothing news");
        assertConsistent();
    }

    @Test
    void aGapInLiveMessagesStartsAfreshFromTheNewestPage() {
        PageRequest first = openOnline();
        timeline.pageArrived(first, page(range(1, 10), false));
        timeline.live(List.of(message(11)), true, 0);

        // offline for long: the server replays only the newest messages
        timeline.live(List.of(message(40), message(41)), true, 0);
        assertEquals(seqs(40, 41), view.seqs(), "what was shown is dropped, not joined over the gap");
        PageRequest restart = view.lastRequest();
        assertEquals(new PageRequest(0, ConversationTimeline.FIRST_PAGE, first.generation() + 1), restart);

        timeline.pageArrived(restart, page(range(1, 42), false));
        assertEquals(seqs(1, 42), view.seqs());
        assertEquals(Banner.BEGINNING, view.banner);
        assertConsistent();
    }

    @Test
    void aNewestPageBeyondWhatWasHeldReplacesItAndKeepsTheDivider() {
        // the workbench held messages 1..8 from before; 2 was read; the server is far ahead
        timeline.start(range(1, 8), 2, true);
        assertEquals("--- new", view.lines.get(3));
        timeline.setOnline(true);
        timeline.pageArrived(view.lastRequest(), page(range(51, 100), true));
        assertEquals(seqs(51, 100), view.seqs());
        assertFalse(view.lines.contains("--- new"), "the divider waits for message 3");
        assertEquals(2, timeline.dividerAfter());
        assertConsistent();
    }

    @Test
    void theDividerStandsAboveTheFirstUnreadMessageAndMoves() {
        timeline.start(range(1, 5), 3, true);
        assertEquals(List.of("day 2026-12-01", "#1 bob: text 1", "#2 bob: text 2", "#3 bob: text 3", "--- new",
            "#4 bob: text 4", "#5 bob: text 5"), view.lines);

        // the user read everything elsewhere, then looked away: the next message from someone else is the first unread
        timeline.live(List.of(message(6)), false, 5);
        assertEquals(List.of("#5 bob: text 5", "--- new", "#6 bob: text 6"), view.lines.subList(view.lines.size() - 3, view.lines.size()));
        assertEquals(1, view.lines.stream().filter("--- new"::equals).count());
        assertEquals(5, timeline.dividerAfter());

        // nothing moves for the user's own message, nor while the user sees the conversation
        timeline.live(List.of(message(7, "me")), false, 6);
        timeline.live(List.of(message(8)), true, 7);
        assertEquals(5, timeline.dividerAfter());
        ConversationTimeline.LiveOutcome outcome = timeline.live(List.of(message(9, "me")), true, 8);
        assertTrue(outcome.ownArrived());
        assertConsistent();
    }

    @Test
    void theDividerGoesInWithAnOlderPageThatHoldsItsMessage() {
        PageRequest newest = openOnline();
        timeline.moveDivider(30);
        timeline.pageArrived(newest, page(range(51, 100), true));
        assertFalse(view.lines.contains("--- new"));
        timeline.scrolledToTop();
        timeline.pageArrived(view.lastRequest(), page(range(1, 50), false));
        int divider = view.lines.indexOf("--- new");
        assertEquals("#30 bob: text 30", view.lines.get(divider - 1));
        assertEquals("#31 bob: text 31", view.lines.get(divider + 1));
        timeline.moveDivider(-1);
        assertFalse(view.lines.contains("--- new"));
        assertConsistent();
    }

    @Test
    void dayLinesAcrossPages() {
        // messages 1..60 on 1 December, 61..100 on 2 December (one a minute, from 23:00 on the 1st)
        Instant start = Instant.parse("2026-12-01T22:59:00Z");
        List<ChatMessage> all = LongStream.rangeClosed(1, 100)
            .mapToObj(n -> new ChatMessage(ROOM, n, "bob", start.plusSeconds(60 * n), "text " + n, false)).toList();
        PageRequest newest = openOnline();
        timeline.pageArrived(newest, page(all.subList(70, 100), true));
        assertEquals(List.of("day 2026-12-02"), view.lines.stream().filter(l -> l.startsWith("day ")).toList());

        // an older page that ends on the same day: the day line moves up to its first message of that day
        timeline.scrolledToTop();
        timeline.pageArrived(view.lastRequest(), page(all.subList(40, 70), true));
        assertEquals(List.of("day 2026-12-01", "day 2026-12-02"), view.lines.stream().filter(l -> l.startsWith("day ")).toList());
        assertEquals("#61 bob: text 61", view.lines.get(view.lines.indexOf("day 2026-12-02") + 1));

        // an older page all on the first day: still one line per day
        timeline.scrolledToTop();
        timeline.pageArrived(view.lastRequest(), page(all.subList(0, 40), false));
        assertEquals(List.of("day 2026-12-01", "day 2026-12-02"), view.lines.stream().filter(l -> l.startsWith("day ")).toList());
        assertEquals("#1 bob: text 1", view.lines.get(1));

        // a live message the next day
        timeline.live(List.of(new ChatMessage(ROOM, 101, "bob", Instant.parse("2026-12-03T08:00:00Z"), "morning", false)), true, 0);
        assertEquals(List.of("day 2026-12-03", "#101 bob: morning"), view.lines.subList(view.lines.size() - 2, view.lines.size()));
        assertConsistent();
    }

    @Test
    void daysFollowTheZone() {
        ConversationTimeline tokyo = new ConversationTimeline(ZoneId.of("Asia/Tokyo"), view);
        // 20:00 UTC on 1 December is 05:00 on 2 December in Tokyo
        tokyo.start(List.of(new ChatMessage(ROOM, 1, "bob", Instant.parse("2026-12-01T20:00:00Z"), "hi", false)), 0, false);
        assertEquals("day 2026-12-02", view.lines.get(0));
    }

    @Test
    void tenThousandMessagesPageByPage() {
        List<ChatMessage> all = range(1, 10_000);
        PageRequest newest = openOnline();
        timeline.pageArrived(newest, page(all.subList(10_000 - ConversationTimeline.FIRST_PAGE, 10_000), true));
        int pages = 1;
        while (timeline.wantsOlder()) {
            timeline.scrolledToTop();
            PageRequest older = view.lastRequest();
            int end = (int) older.before() - 1;
            int begin = Math.max(0, end - older.limit());
            timeline.pageArrived(older, page(all.subList(begin, end), begin > 0));
            pages++;
        }
        assertEquals(1 + (10_000 - ConversationTimeline.FIRST_PAGE + ConversationTimeline.OLDER_PAGE - 1) / ConversationTimeline.OLDER_PAGE, pages);
        assertEquals(seqs(1, 10_000), view.seqs());
        assertEquals(10_000, timeline.messageCount());
        assertEquals(Banner.BEGINNING, view.banner);

        // and live ones below them, through the queue
        LiveQueue queue = new LiveQueue();
        for (long seq = 10_001; seq <= 10_500; seq++) {
            queue.add(message(seq));
        }
        while (queue.flush(batch -> timeline.live(batch, true, 0))) {
            // another turn of the UI thread
        }
        assertEquals(seqs(1, 10_500), view.seqs());
        assertConsistent();
    }

    @Test
    void revealLoadsOlderPagesUntilTheMessageIsShown() {
        PageRequest newest = openOnline();
        timeline.pageArrived(newest, page(range(951, 1000), true));
        timeline.reveal(800);
        for (int i = 0; i < 2; i++) {
            PageRequest older = view.lastRequest();
            timeline.pageArrived(older, page(range(older.before() - older.limit(), older.before() - 1), true));
        }
        assertEquals(List.of(800L), view.revealed);
        assertEquals(0, view.revealFailures);
        assertEquals(3, view.requests.size(), "the newest page and two older ones");
        assertEquals(seqs(751, 1000), view.seqs());

        timeline.reveal(990);
        assertEquals(List.of(800L, 990L), view.revealed, "a message shown is revealed at once");
    }

    @Test
    void revealGivesUpAfterThePageLimit() {
        PageRequest newest = openOnline();
        timeline.pageArrived(newest, page(range(951, 1000), true));
        timeline.reveal(5);
        while (view.revealFailures == 0 && timeline.history() == HistoryState.LOADING) {
            PageRequest older = view.lastRequest();
            timeline.pageArrived(older, page(range(older.before() - older.limit(), older.before() - 1), true));
        }
        assertEquals(1, view.revealFailures);
        assertEquals(List.of(), view.revealed);
        assertEquals(1 + 3, view.requests.size(), "the newest page and the limit of three older ones");
        assertEquals(seqs(651, 1000), view.seqs());
    }

    @Test
    void revealOfAMessageNotInACompleteHistoryFailsAtOnce() {
        timeline.pageArrived(openOnline(), page(range(1, 10), false));
        timeline.reveal(42);
        assertEquals(1, view.revealFailures);
        assertEquals(1, view.requests.size());
    }

    @Test
    void revealGivesUpWhenAPageFails() {
        timeline.pageArrived(openOnline(), page(range(51, 100), true));
        timeline.reveal(10);
        timeline.pageFailed(view.lastRequest(), new IllegalStateException("connection lost"));
        assertEquals(1, view.revealFailures);
        assertEquals(Banner.FAILED, view.banner);
        assertEquals("connection lost", view.bannerDetail);
        assertEquals(HistoryState.MORE, timeline.history(), "scrolling up tries again");
    }

    @Test
    void aFailedFirstPageIsAskedForAgainOnTheNextConnection() {
        timeline.pageFailed(openOnline(), null);
        assertEquals(HistoryState.NOT_LOADED, timeline.history());
        assertEquals(Banner.NONE, view.banner);
        timeline.setOnline(false);
        timeline.setOnline(true);
        assertEquals(2, view.requests.size());
    }

    @Test
    void liveQueueShowsSlicesWithinItsBudget() {
        AtomicLong now = new AtomicLong();
        LiveQueue queue = new LiveQueue(40, 12_000_000, now::get);
        assertTrue(queue.add(message(1)), "the first message schedules a flush");
        for (long seq = 2; seq <= 200; seq++) {
            assertFalse(queue.add(message(seq)), "later ones ride along");
        }
        List<Integer> slices = new ArrayList<>();
        // each slice takes 5 ms: the third goes over the budget
        boolean more = queue.flush(batch -> {
            slices.add(batch.size());
            now.addAndGet(5_000_000);
        });
        assertTrue(more);
        assertEquals(List.of(40, 40, 40), slices);
        assertEquals(80, queue.waiting());
        assertFalse(queue.add(message(201)), "a flush is already scheduled");
        assertFalse(queue.flush(batch -> slices.add(batch.size())));
        assertEquals(List.of(40, 40, 40, 40, 40, 1), slices);
        assertTrue(queue.add(message(202)));
    }

    /**
     * A transcript made of text lines, changed by the timeline's calls the way the real one is: what a user would
     * read, top to bottom. Day lines read "day 2026-12-01", the divider "--- new", a message "#seq author: text".
     * Nested here, not a file of its own: an incremental Tycho build compiles only the changed test sources, without
     * the test classes compiled before on its class path.
     */
    // ------------------------------------------------------------------ the user's messages on their way

    private static ChatMessage own(long seq, String text) {
        return new ChatMessage(ROOM, seq, "me", NOON.plusSeconds(60 * seq), text, false);
    }

    @Test
    void aQueuedMessageStaysBelowMessagesArrivingMeanwhileUntilItIsShownInItsPlace() {
        timeline.pageArrived(openOnline(), page(range(1, 5), false));
        timeline.setOnline(false);
        timeline.sending(1, "typed offline", NOON.plusSeconds(600));
        timeline.sending(2, "and again", NOON.plusSeconds(601));
        assertEquals(List.of("> 1 sending: typed offline", "> 2 sending: and again"), view.lines.subList(view.lines.size() - 2, view.lines.size()));

        timeline.live(range(6, 7), true, 5);
        assertEquals(List.of("#6 bob: text 6", "#7 bob: text 7", "> 1 sending: typed offline", "> 2 sending: and again"),
            view.lines.subList(view.lines.size() - 4, view.lines.size()));
        assertConsistent();

        // acknowledged before the message itself arrives: still on its way until it is shown
        timeline.sent(1, 8);
        assertTrue(view.lines.contains("> 1 sending: typed offline"));
        timeline.live(List.of(own(8, "typed offline")), true, 7);
        assertEquals(List.of("#7 bob: text 7", "#8 me: typed offline", "> 2 sending: and again"),
            view.lines.subList(view.lines.size() - 3, view.lines.size()));

        // the message first, then the acknowledgement
        timeline.live(List.of(message(9), own(10, "and again")), true, 8);
        assertTrue(view.lines.contains("> 2 sending: and again"));
        timeline.sent(2, 10);
        assertEquals(List.of(), timeline.outgoing());
        assertEquals(seqs(1, 10), view.seqs());
        assertEquals("#10 me: and again", view.lines.get(view.lines.size() - 1));
        assertConsistent();
    }

    @Test
    void aRefusedMessageShowsWhyAndCanBeSentAgainOrCancelled() {
        timeline.pageArrived(openOnline(), page(range(1, 3), false));
        timeline.sending(7, "too long", NOON);
        timeline.sending(8, "fine", NOON);
        timeline.sendFailed(7, "message too long");
        assertEquals(List.of("> 7 failed (message too long): too long", "> 8 sending: fine"), view.lines.subList(view.lines.size() - 2, view.lines.size()));
        assertTrue(timeline.outgoing(7).failed());
        assertConsistent();

        timeline.resending(7);
        assertEquals("> 7 sending: too long", view.lines.get(view.lines.size() - 2), "it stays where it was");
        timeline.cancelled(7);
        timeline.cancelled(7);
        assertEquals(List.of("> 8 sending: fine"), view.lines.stream().filter(l -> l.startsWith("> ")).toList());
        timeline.sent(7, 4);
        timeline.live(List.of(own(4, "fine")), true, 3);
        timeline.sent(8, 4);
        assertEquals(List.of(), timeline.outgoing());
        assertConsistent();
    }

    @Test
    void aFreshStartKeepsTheMessagesOnTheirWay() {
        timeline.pageArrived(openOnline(), page(range(1, 5), false));
        timeline.sending(1, "queued", NOON);
        // a gap: the timeline starts again from the newest page
        timeline.live(List.of(message(40)), true, 5);
        assertEquals(List.of("#40 bob: text 40", "> 1 sending: queued"), view.lines.stream().filter(l -> !l.startsWith("day ")).toList());
        timeline.restart();
        timeline.start(List.of(), 0, false);
        assertEquals(List.of("> 1 sending: queued"), view.lines);
        assertConsistent();
    }

    @Test
    void tenThousandMessagesWithMessagesOnTheirWay() {
        timeline.pageArrived(openOnline(), page(range(1, 10_000), false));
        long started = System.nanoTime();
        long seq = 10_000;
        for (int key = 1; key <= 200; key++) {
            timeline.sending(key, "mine " + key, NOON);
            timeline.live(List.of(message(++seq)), true, seq - 1);
            timeline.sent(key, ++seq);
            timeline.live(List.of(own(seq, "mine " + key)), true, seq - 1);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(List.of(), timeline.outgoing());
        assertEquals(10_400, timeline.messageCount());
        assertConsistent();
        // each message costs the same with ten thousand shown: no pass over all of them per message
        assertTrue(millis < 2_000, "200 sends among 10,000 messages took " + millis + " ms");
    }

    static final class RecordingView implements TimelineView {
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
                case TimelineEntry.Outgoing o -> "> " + o.key() + (o.failed() ? " failed (" + o.failure() + ")" : " sending") + ": " + o.text();
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

        /** Where the outgoing messages begin (they stay at the bottom), or the end. */
        private int outgoingStart() {
            int i = lines.size();
            while (i > 0 && lines.get(i - 1).startsWith("> ")) {
                i--;
            }
            return i;
        }

        private int indexOfOutgoing(long key) {
            for (int i = outgoingStart(); i < lines.size(); i++) {
                if (lines.get(i).startsWith("> " + key + " ")) {
                    return i;
                }
            }
            throw new AssertionError("no outgoing message " + key + ": " + lines);
        }

        @Override
        public void appended(List<TimelineEntry> entries) {
            lines.addAll(outgoingStart(), lines(entries));
        }

        @Override
        public void outgoingAdded(TimelineEntry.Outgoing outgoing) {
            lines.add(line(outgoing));
        }

        @Override
        public void outgoingChanged(TimelineEntry.Outgoing outgoing) {
            lines.set(indexOfOutgoing(outgoing.key()), line(outgoing));
        }

        @Override
        public void outgoingRemoved(long key) {
            lines.remove(indexOfOutgoing(key));
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
}
