package org.chatnow.ui.chat.internal.editor;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.Conversations;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.chatnow.ui.chat.model.ConversationTimeline;
import org.chatnow.ui.chat.model.TimelineEntry;
import org.eclipse.swt.graphics.Color;

/**
 * The user's messages from one editor on their way to the server. Each shows at once in the timeline as "sending…"
 * (also while the client reconnects: it keeps them in its outbox and sends them once); when the server acknowledges
 * one it goes to its place by sequence number; a refused one stays, saying why, with "retry" and "cancel". Used on the
 * UI thread; the client's answers come back through {@code uiExecutor}.
 */
final class SendQueue {
    private final ChatClient client;
    private final String conversation;
    private final ConversationTimeline timeline;
    private final Executor uiExecutor;
    private final BooleanSupplier disposed;
    /** The client's futures of the messages not answered yet, by their key in the timeline. */
    private final Map<Long, CompletableFuture<Long>> inFlight = new HashMap<>();
    private long nextKey = 1;

    SendQueue(ChatClient client, String conversation, ConversationTimeline timeline, Executor uiExecutor, BooleanSupplier disposed) {
        this.client = client;
        this.conversation = conversation;
        this.timeline = timeline;
        this.uiExecutor = uiExecutor;
        this.disposed = disposed;
    }

    /** Sends {@code text}: it shows as on its way at once. */
    void send(String text) {
        long key = nextKey++;
        timeline.sending(key, text, Instant.now());
        start(key, text);
    }

    /** "retry" on a failed message: sends it again, in the same place. */
    void retry(long key) {
        TimelineEntry.Outgoing entry = timeline.outgoing(key);
        if (entry == null || !entry.failed()) {
            return;
        }
        timeline.resending(key);
        start(key, entry.text());
    }

    /**
     * "cancel": a failed message goes; one waiting for the connection is taken out of the client's outbox. Returns
     * false when it already went to the server (it will arrive, or fail, as any other).
     */
    boolean cancel(long key) {
        CompletableFuture<Long> sending = inFlight.get(key);
        if (sending == null) {
            timeline.cancelled(key);
            return true;
        }
        // the client completes the future as cancelled: the answer removes the entry
        return client.cancelSend(sending);
    }

    private void start(long key, String text) {
        CompletableFuture<Long> sending = client.send(conversation, text);
        inFlight.put(key, sending);
        sending.whenCompleteAsync((seq, error) -> {
            if (inFlight.get(key) != sending) {
                return;
            }
            inFlight.remove(key);
            if (disposed.getAsBoolean()) {
                return;
            }
            if (error == null) {
                timeline.sent(key, seq);
                return;
            }
            ChatException failure = ChatException.of(error);
            if (failure.is(ChatException.CANCELLED)) {
                timeline.cancelled(key);
            } else if (failure.is(ChatException.UNKNOWN_CONVERSATION) && Conversations.isDirect(conversation)) {
                timeline.sendFailed(key, Messages.ChatEditor_noPrivateYetReason);
            } else {
                timeline.sendFailed(key, failure.getMessage());
            }
        }, uiExecutor);
    }

    /** Handles a click on "retry" or "cancel" in the transcript; a cancel that comes too late says so there. */
    void clicked(Transcript.OutgoingAction action, Transcript transcript, Color noticeColour) {
        if (action.retry()) {
            retry(action.key());
        } else if (!cancel(action.key())) {
            transcript.notice(Messages.ChatEditor_cannotCancel, noticeColour);
        }
    }
}
