package org.chatnow.ui.chat.internal.editor;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.Conversations;
import org.chatnow.client.HistoryPage;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.chatnow.ui.chat.model.Banner;
import org.chatnow.ui.chat.model.ConversationTimeline;
import org.chatnow.ui.chat.model.PageRequest;
import org.chatnow.ui.chat.model.TimelineEntry;
import org.chatnow.ui.chat.model.TimelineView;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;

/**
 * Shows what a conversation's timeline says in its transcript, and asks the server for the pages it wants: the answer
 * comes back on the UI thread, while the banner says "Loading earlier messages…". Scrolling to the top (by any means:
 * bar, wheel, keys) asks the timeline for older messages; a search hit is revealed through it.
 */
final class TranscriptRenderer implements TimelineView {
    /** What the editor does when history changes. */
    interface Editor {
        /** Messages were added: "Seen" may move. */
        void updateSeen();

        /** Messages newer than those shown arrived with history: they are read if the user sees them. */
        void newerHistoryShown();
    }

    private final Transcript transcript;
    private final ChatClient client;
    private final String conversation;
    private final Executor uiExecutor;
    private final Supplier<String> me;
    private final Editor editor;
    private ConversationTimeline timeline;
    private boolean loadOlderPending;
    /** What to do if a message asked for by {@link #reveal} cannot be shown. */
    private Runnable revealNotFound;

    TranscriptRenderer(Transcript transcript, ChatClient client, String conversation, Executor uiExecutor, Supplier<String> me, Editor editor) {
        this.transcript = transcript;
        this.client = client;
        this.conversation = conversation;
        this.uiExecutor = uiExecutor;
        this.me = me;
        this.editor = editor;
    }

    /** Shows {@code shown} from now on, and tells it when the user scrolls to the top. */
    void render(ConversationTimeline shown) {
        timeline = shown;
        transcript.control().addListener(SWT.Paint, e -> loadOlderSoon());
        transcript.control().getVerticalBar().addListener(SWT.Selection, e -> loadOlderSoon());
    }

    private void loadOlderSoon() {
        if (loadOlderPending || !timeline.wantsOlder()) {
            return;
        }
        // not while painting: inserting text would repaint inside the paint
        loadOlderPending = true;
        transcript.control().getDisplay().asyncExec(() -> {
            loadOlderPending = false;
            if (!transcript.isDisposed() && transcript.isTopVisible()) {
                timeline.scrolledToTop();
            }
        });
    }

    /**
     * Shows message {@code seq} selected, loading older pages of history first if it is older than what the transcript
     * holds (a limited number of them); {@code notFound} runs if it cannot be shown.
     */
    void reveal(long seq, Runnable notFound) {
        revealNotFound = notFound;
        timeline.reveal(seq);
    }

    @Override
    public void cleared() {
        transcript.clear();
    }

    @Override
    public void appended(List<TimelineEntry> entries) {
        transcript.append(entries, me.get());
    }

    @Override
    public void outgoingAdded(TimelineEntry.Outgoing outgoing) {
        transcript.addOutgoing(outgoing, me.get());
    }

    @Override
    public void outgoingChanged(TimelineEntry.Outgoing outgoing) {
        transcript.replaceOutgoing(outgoing, me.get());
    }

    @Override
    public void outgoingRemoved(long key) {
        transcript.removeOutgoing(key);
    }

    @Override
    public void prepended(List<TimelineEntry> entries, boolean dropFirstDayLine) {
        transcript.prepend(entries, dropFirstDayLine, me.get());
    }

    @Override
    public void dividerRemoved() {
        transcript.removeDivider();
    }

    @Override
    public void dividerInserted(long seq) {
        transcript.insertDivider(seq);
    }

    @Override
    public void bannerChanged(Banner banner, String detail) {
        transcript.setBanner(switch (banner) {
            case NONE -> "";
            case LOADING -> Messages.ChatEditor_loadingEarlier;
            case FAILED -> NLS.bind(Messages.ChatEditor_historyFailed, detail);
            case BEGINNING -> Messages.ChatEditor_beginning;
            case EMPTY -> Messages.ChatEditor_noMessagesYet;
        });
    }

    @Override
    public void pageWanted(PageRequest request) {
        client.history(conversation, request.before(), request.limit()).whenCompleteAsync((page, error) -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (error == null) {
                timeline.pageArrived(request, page);
            } else {
                ChatException failure = ChatException.of(error);
                if (failure.is(ChatException.UNKNOWN_CONVERSATION) && Conversations.isDirect(conversation)) {
                    // a private conversation exists on the server from its first message on: until then it is empty
                    timeline.pageArrived(request, new HistoryPage(conversation, List.of(), false));
                    return;
                }
                timeline.pageFailed(request, failure.is(ChatException.CANCELLED) ? null : failure);
            }
        }, uiExecutor);
    }

    @Override
    public void historyLoaded(boolean more) {
        editor.updateSeen();
        if (more) {
            // the view is not full yet, or the user is still at the top
            loadOlderSoon();
        }
    }

    @Override
    public void newerHistoryShown() {
        editor.newerHistoryShown();
    }

    @Override
    public void revealed(long seq) {
        transcript.reveal(seq);
    }

    @Override
    public void revealFailed() {
        if (revealNotFound != null) {
            revealNotFound.run();
        }
    }
}
