package org.chatnow.ui.chat.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.client.ChatMessage;
import org.chatnow.client.HistoryPage;

/**
 * What one conversation's transcript shows, without widgets: the messages held (in sequence order, each once), the
 * day lines between them, where the "New messages" divider stands, and how much history is loaded. Live messages,
 * pages of history, reconnects and the user's scrolling come in as calls; what changes goes out to a
 * {@link TimelineView} as it happens, so that a transcript can show it in a few cheap changes.
 * <p>
 * Every conversation numbers its messages without gaps, so a live message more than one above the newest held means
 * messages were missed (a long time offline): the timeline starts afresh from the newest page. Each fresh start bumps
 * a generation; pages asked for before it are dropped when they arrive. Use it on one thread.
 * <p>
 * The user's own messages show at once, as {@link TimelineEntry.Outgoing outgoing} entries below every message, while
 * the client sends them (or keeps them until it is connected again). Messages arriving meanwhile go above them. Once the
 * server acknowledged one with its sequence number, the entry goes as soon as that message is shown in its place.
 */
public final class ConversationTimeline {
    /** Messages in the first page of history; older pages are larger, since the user is scrolling through them. */
    public static final int FIRST_PAGE = 50;
    public static final int OLDER_PAGE = 100;
    /** Pages of history loaded at most to show a message found by a search. */
    public static final int REVEAL_PAGES = 50;

    private static final Comparator<ChatMessage> BY_SEQ = Comparator.comparingLong(ChatMessage::seq);

    private final ZoneId zone;
    private final TimelineView view;
    private final int revealPageLimit;
    /** Oldest first, each sequence number once, without gaps. */
    private final List<ChatMessage> messages = new ArrayList<>();
    private HistoryState history = HistoryState.NOT_LOADED;
    private int generation;
    private boolean online;
    private String me;
    /** The divider goes above the message after this one; -1: no divider. */
    private long dividerAfter = -1;
    private boolean dividerShown;
    /** A message to show once older history has been loaded (0: none), and how many more pages may be loaded for it. */
    private long revealTarget;
    private int revealPagesLeft;
    /** The user's messages on their way, oldest first (few: one per message typed while the connection is down). */
    private final List<TimelineEntry.Outgoing> outgoing = new ArrayList<>();
    /** Sequence numbers the server gave outgoing messages whose message is not shown yet, by key. */
    private final Map<Long, Long> acknowledged = new HashMap<>();

    public ConversationTimeline(ZoneId zone, TimelineView view) {
        this(zone, view, REVEAL_PAGES);
    }

    public ConversationTimeline(ZoneId zone, TimelineView view, int revealPageLimit) {
        this.zone = zone;
        this.view = view;
        this.revealPageLimit = revealPageLimit;
    }

    // ------------------------------------------------------------------ calls in

    /** The user logged in as: their messages are their own. */
    public void setUser(String user) {
        me = user;
    }

    /** The connection is up or down; coming up loads the newest page if none was loaded yet. */
    public void setOnline(boolean isOnline) {
        online = isOnline;
        if (online && history == HistoryState.NOT_LOADED) {
            loadNewest();
        }
    }

    /**
     * Shows what the workbench already holds of the conversation ({@code known}, oldest first), with the divider after
     * {@code readSeq} if {@code unread}. Then {@link #setOnline} or {@link #loadNewest()} asks for the newest page.
     */
    public void start(List<ChatMessage> known, long readSeq, boolean unread) {
        if (unread) {
            moveDivider(readSeq);
        }
        append(ordered(known));
    }

    /** Starts afresh (another login): forgets what is shown and any page on its way. Call {@link #start} next. */
    public void restart() {
        generation++;
        history = HistoryState.NOT_LOADED;
        clearShown();
        view.bannerChanged(Banner.NONE, null);
    }

    /** Asks for the newest page, unless one is on its way or the connection is down. */
    public void loadNewest() {
        if (history == HistoryState.LOADING || !online) {
            return;
        }
        ask(new PageRequest(0, FIRST_PAGE, generation));
    }

    /** True while older pages exist and none is on its way: scrolling to the top should ask for one. */
    public boolean wantsOlder() {
        return history == HistoryState.MORE;
    }

    /** The user sees the top of the transcript: asks for the page before the oldest message shown. */
    public void scrolledToTop() {
        if (history == HistoryState.MORE) {
            loadOlder();
        }
    }

    /** Answers {@code request}: shows the page's messages not shown yet, unless it was asked for before a fresh start. */
    public void pageArrived(PageRequest request, HistoryPage page) {
        if (request.generation() != generation) {
            return;
        }
        List<ChatMessage> arrived = ordered(page.messages());
        if (request.newest()) {
            mergeNewest(arrived);
            historyLoaded(page.more());
        } else {
            long lowest = lowestSeq();
            prepend(arrived.stream().filter(m -> lowest == 0 || m.seq() < lowest).toList());
            historyLoaded(page.more());
            continueReveal();
        }
    }

    /** {@code request} failed ({@code error} null: cancelled); a later scroll or reconnect tries again. */
    public void pageFailed(PageRequest request, Throwable error) {
        if (request.generation() != generation) {
            return;
        }
        if (revealTarget > 0) {
            giveUpReveal();
        }
        history = messages.isEmpty() ? HistoryState.NOT_LOADED : HistoryState.MORE;
        view.bannerChanged(error == null ? Banner.NONE : Banner.FAILED, error == null ? null : error.getMessage());
    }

    /** What showing a slice of live messages did. */
    public record LiveOutcome(List<ChatMessage> shown, boolean ownArrived) {
    }

    /**
     * Shows live messages (oldest first) not shown yet. If the user does not see the conversation ({@code userSees}
     * false) and everything up to the message before one from someone else was read ({@code readSeq}), the divider
     * moves above that message. A gap before a message starts afresh from the newest page.
     */
    public LiveOutcome live(List<ChatMessage> batch, boolean userSees, long readSeq) {
        List<ChatMessage> pending = new ArrayList<>(batch.size());
        List<ChatMessage> all = new ArrayList<>(batch.size());
        boolean restarted = false;
        boolean ownArrived = false;
        long highest = highestSeq();
        int shownSinceStart = 0;
        for (ChatMessage message : batch) {
            if (message.seq() <= highest) {
                continue;
            }
            if (highest != 0 && message.seq() > highest + 1) {
                // more was missed than the server replays after a long time offline: start again from the newest
                pending.clear();
                generation++;
                history = HistoryState.NOT_LOADED;
                clearShown();
                restarted = true;
                shownSinceStart = 0;
            }
            boolean own = isOwn(message);
            if (!own && !userSees && readSeq == message.seq() - 1 && dividerAfter != message.seq() - 1) {
                // the first message the user misses: the divider moves here (and goes in with the message)
                append(pending);
                pending.clear();
                moveDivider(message.seq() - 1);
            }
            pending.add(message);
            all.add(message);
            shownSinceStart++;
            highest = message.seq();
            ownArrived |= own;
        }
        append(pending);
        if (history == HistoryState.COMPLETE && shownSinceStart > 0 && messages.size() == shownSinceStart) {
            view.bannerChanged(Banner.BEGINNING, null);
        }
        if (restarted) {
            loadNewest();
        }
        return new LiveOutcome(all, ownArrived);
    }

    /**
     * Puts the divider above the message after {@code seq} (now if it is shown, else when it arrives); -1 removes it.
     */
    public void moveDivider(long seq) {
        if (dividerShown) {
            view.dividerRemoved();
            dividerShown = false;
        }
        dividerAfter = seq;
        if (seq >= 0 && contains(seq + 1)) {
            view.dividerInserted(seq + 1);
            dividerShown = true;
        }
    }

    /**
     * Shows message {@code seq}, loading older pages first if it is older than what is held (at most the page limit
     * given at construction); the view hears {@link TimelineView#revealed} or {@link TimelineView#revealFailed}.
     */
    public void reveal(long seq) {
        if (contains(seq)) {
            revealTarget = 0;
            view.revealed(seq);
            return;
        }
        revealTarget = seq;
        revealPagesLeft = revealPageLimit;
        if (history == HistoryState.MORE) {
            loadOlderForReveal();
        } else if (history != HistoryState.LOADING) {
            giveUpReveal();
        }
    }

    // ------------------------------------------------------------------ the user's messages on their way

    /** The user sent {@code text} at {@code time}: it shows as on its way, named {@code key} from now on. */
    public void sending(long key, String text, Instant time) {
        TimelineEntry.Outgoing entry = new TimelineEntry.Outgoing(key, text, time, null);
        outgoing.add(entry);
        view.outgoingAdded(entry);
    }

    /**
     * The server stored outgoing message {@code key} as {@code seq}: its entry goes once that message is shown (now,
     * if it arrived first).
     */
    public void sent(long key, long seq) {
        if (indexOfOutgoing(key) < 0) {
            return;
        }
        if (seq <= highestSeq()) {
            removeOutgoing(key);
        } else {
            acknowledged.put(key, seq);
        }
    }

    /** Outgoing message {@code key} was refused or could not be sent; {@code reason} says why. It stays, marked so. */
    public void sendFailed(long key, String reason) {
        replaceOutgoing(key, reason == null ? "" : reason);
    }

    /** Outgoing message {@code key} is being sent again. */
    public void resending(long key) {
        replaceOutgoing(key, null);
    }

    /** Outgoing message {@code key} will not be sent (the user cancelled it): its entry goes. */
    public void cancelled(long key) {
        removeOutgoing(key);
    }

    /** The user's messages on their way, oldest first. */
    public List<TimelineEntry.Outgoing> outgoing() {
        return List.copyOf(outgoing);
    }

    /** Outgoing message {@code key}, or null. */
    public TimelineEntry.Outgoing outgoing(long key) {
        int i = indexOfOutgoing(key);
        return i < 0 ? null : outgoing.get(i);
    }

    private void replaceOutgoing(long key, String failure) {
        int i = indexOfOutgoing(key);
        if (i >= 0) {
            TimelineEntry.Outgoing old = outgoing.get(i);
            TimelineEntry.Outgoing changed = new TimelineEntry.Outgoing(key, old.text(), old.time(), failure);
            outgoing.set(i, changed);
            view.outgoingChanged(changed);
        }
    }

    private void removeOutgoing(long key) {
        int i = indexOfOutgoing(key);
        if (i >= 0) {
            outgoing.remove(i);
            acknowledged.remove(key);
            view.outgoingRemoved(key);
        }
    }

    private int indexOfOutgoing(long key) {
        for (int i = 0; i < outgoing.size(); i++) {
            if (outgoing.get(i).key() == key) {
                return i;
            }
        }
        return -1;
    }

    /** Outgoing entries whose message is now shown go. */
    private void settleAcknowledged() {
        if (acknowledged.isEmpty()) {
            return;
        }
        long highest = highestSeq();
        List<Long> done = acknowledged.entrySet().stream().filter(e -> e.getValue() <= highest).map(Map.Entry::getKey).toList();
        done.forEach(this::removeOutgoing);
    }

    // ------------------------------------------------------------------ what is shown

    public HistoryState history() {
        return history;
    }

    public int generation() {
        return generation;
    }

    public int messageCount() {
        return messages.size();
    }

    /** The lowest sequence number shown, 0 if none. */
    public long lowestSeq() {
        return messages.isEmpty() ? 0 : messages.get(0).seq();
    }

    /** The highest sequence number shown, 0 if none. */
    public long highestSeq() {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }

    /** The sequence number after which the divider stands (or will), -1 if none. */
    public long dividerAfter() {
        return dividerAfter;
    }

    public boolean contains(long seq) {
        return indexOf(seq) >= 0;
    }

    /** Everything shown, in order: what {@link TimelineView}'s calls have built. */
    public List<TimelineEntry> entries() {
        List<TimelineEntry> entries = entriesOf(messages, null, dividerShown);
        entries.addAll(outgoing);
        return entries;
    }

    // ------------------------------------------------------------------ history

    private void loadOlder() {
        if (!online || lowestSeq() <= 1) {
            return;
        }
        ask(new PageRequest(lowestSeq(), OLDER_PAGE, generation));
    }

    private void ask(PageRequest request) {
        history = HistoryState.LOADING;
        view.bannerChanged(Banner.LOADING, null);
        view.pageWanted(request);
    }

    /** The newest page: older messages go above, newer ones (not received live) below, the rest are known. */
    private void mergeNewest(List<ChatMessage> page) {
        if (!page.isEmpty() && highestSeq() != 0 && page.get(0).seq() > highestSeq() + 1) {
            // what was shown is older than the page, with messages missing between: show the page instead
            long divider = dividerAfter;
            clearShown();
            dividerAfter = divider;
        }
        long lowest = lowestSeq();
        long highest = highestSeq();
        List<ChatMessage> older = new ArrayList<>();
        List<ChatMessage> newer = new ArrayList<>();
        for (ChatMessage m : page) {
            if (lowest == 0 || m.seq() > highest) {
                newer.add(m);
            } else if (m.seq() < lowest) {
                older.add(m);
            }
        }
        prepend(older);
        // history, not news: where the divider stands was decided from the read position when the editor opened
        append(newer);
        if (!newer.isEmpty()) {
            view.newerHistoryShown();
        }
    }

    private void historyLoaded(boolean more) {
        history = more ? HistoryState.MORE : HistoryState.COMPLETE;
        view.bannerChanged(more ? Banner.NONE : messages.isEmpty() ? Banner.EMPTY : Banner.BEGINNING, null);
        view.historyLoaded(more);
    }

    private void loadOlderForReveal() {
        if (!online || lowestSeq() <= 1) {
            giveUpReveal();
        } else {
            loadOlder();
        }
    }

    private void continueReveal() {
        if (revealTarget <= 0) {
            return;
        }
        if (contains(revealTarget)) {
            long seq = revealTarget;
            revealTarget = 0;
            view.revealed(seq);
        } else if (history == HistoryState.MORE && --revealPagesLeft > 0) {
            loadOlderForReveal();
        } else {
            giveUpReveal();
        }
    }

    private void giveUpReveal() {
        revealTarget = 0;
        view.revealFailed();
    }

    // ------------------------------------------------------------------ changes

    private void clearShown() {
        messages.clear();
        dividerAfter = -1;
        dividerShown = false;
        view.cleared();
        // the user's messages on their way are still on their way
        outgoing.forEach(view::outgoingAdded);
    }

    /** {@code newer}: oldest first, all newer than every message shown. */
    private void append(List<ChatMessage> newer) {
        if (newer.isEmpty()) {
            return;
        }
        LocalDate newestDay = messages.isEmpty() ? null : dayOf(messages.get(messages.size() - 1));
        List<TimelineEntry> entries = entriesOf(newer, newestDay, !dividerShown);
        messages.addAll(newer);
        view.appended(entries);
        settleAcknowledged();
    }

    /** {@code older}: oldest first, all older than every message shown. */
    private void prepend(List<ChatMessage> older) {
        if (older.isEmpty()) {
            return;
        }
        if (messages.isEmpty()) {
            append(older);
            return;
        }
        List<TimelineEntry> entries = entriesOf(older, null, !dividerShown);
        boolean sameDay = dayOf(older.get(older.size() - 1)).equals(dayOf(messages.get(0)));
        messages.addAll(0, older);
        view.prepended(entries, sameDay);
    }

    /**
     * {@code list} as entries below a message of {@code dayAbove} (null: at the top): a day line where a day begins,
     * and the divider above its message if {@code withDivider}.
     */
    private List<TimelineEntry> entriesOf(List<ChatMessage> list, LocalDate dayAbove, boolean withDivider) {
        List<TimelineEntry> entries = new ArrayList<>(list.size() + 8);
        LocalDate day = dayAbove;
        for (ChatMessage m : list) {
            LocalDate d = dayOf(m);
            if (!d.equals(day)) {
                entries.add(new TimelineEntry.DayLine(d));
                day = d;
            }
            if (withDivider && m.seq() == dividerAfter + 1) {
                entries.add(new TimelineEntry.Divider(dividerAfter));
                dividerShown = true;
            }
            entries.add(new TimelineEntry.Message(m, isOwn(m)));
        }
        return entries;
    }

    private boolean isOwn(ChatMessage m) {
        return m.from().equals(me);
    }

    private LocalDate dayOf(ChatMessage m) {
        return LocalDate.ofInstant(m.time(), zone);
    }

    private int indexOf(long seq) {
        int lo = 0;
        int hi = messages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = messages.get(mid).seq();
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** {@code list} oldest first and each message once (servers send it so; a page must not break the order). */
    private static List<ChatMessage> ordered(List<ChatMessage> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).seq() <= list.get(i - 1).seq()) {
                List<ChatMessage> sorted = new ArrayList<>(list);
                sorted.sort(BY_SEQ);
                List<ChatMessage> unique = new ArrayList<>(sorted.size());
                for (ChatMessage m : sorted) {
                    if (unique.isEmpty() || unique.get(unique.size() - 1).seq() != m.seq()) {
                        unique.add(m);
                    }
                }
                return Collections.unmodifiableList(unique);
            }
        }
        return list;
    }
}
