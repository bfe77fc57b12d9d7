package org.chatnow.ui.chat.internal.editor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Presence;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.ui.IWorkbench;

/**
 * The messages this workbench received, per conversation, since it logged in. Editors that open (or are first shown)
 * after messages arrived start from here, then add older pages from the server's history, so nothing received is
 * lost because its tab was not yet created. Each conversation keeps its newest messages in sequence order, each
 * once. A login as someone else, or to another server, starts afresh (the numbers mean something else there).
 * One per workbench; lives on the UI thread.
 */
final class ConversationStore {
    /** Per conversation; the oldest go first. An open editor keeps its own, longer transcript. */
    static final int KEEP_PER_CONVERSATION = 10_000;

    /**
     * Hears about messages and the rest that conversations show (on the UI thread). The store is the chat bundle's
     * one listener of the client: the client hands every event to every listener's executor, so each editor
     * listening on its own would add a call on the UI thread per message for every open conversation.
     */
    interface Listener {
        void received(ChatMessage message);

        /** Another login: what was shown belongs to another account or server. */
        default void reset() {
        }

        default void stateChanged(ConnectionState state, String detail) {
        }

        default void typingChanged(String conversation, String user, boolean typing) {
        }

        default void presenceChanged(String user, Presence presence) {
        }
    }

    private final Map<String, ArrayDeque<ChatMessage>> messages = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ChatClient client;
    private final ReadPositions readPositions;
    private String identity;

    private ConversationStore(ChatClient client, ReadPositions readPositions, UiExecutor executor) {
        this.client = client;
        this.readPositions = readPositions;
        client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                if (state == ConnectionState.ONLINE) {
                    checkIdentity();
                }
                for (Listener listener : listeners) {
                    listener.stateChanged(state, detail);
                }
            }

            @Override
            public void messageReceived(ChatMessage message) {
                add(message);
            }

            @Override
            public void typingChanged(String conversation, String user, boolean typing) {
                for (Listener listener : listeners) {
                    listener.typingChanged(conversation, user, typing);
                }
            }

            @Override
            public void presenceChanged(String user, Presence presence) {
                for (Listener listener : listeners) {
                    listener.presenceChanged(user, presence);
                }
            }
        }, executor);
        checkIdentity();
    }

    /** The workbench's store, created (and subscribed to the chat client) on first use. Call on the UI thread. */
    static ConversationStore of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, ConversationStore.class,
            () -> new ConversationStore(ChatUi.client(), ReadPositions.of(workbench), new UiExecutor(workbench.getDisplay())));
    }

    ChatClient client() {
        return client;
    }

    ReadPositions readPositions() {
        return readPositions;
    }

    private void checkIdentity() {
        String now = client.user() == null ? null : client.server() + "/" + client.user();
        if (now == null || Objects.equals(now, identity)) {
            return;
        }
        boolean hadOne = identity != null;
        identity = now;
        if (hadOne) {
            messages.clear();
            for (Listener listener : listeners) {
                listener.reset();
            }
        }
    }

    private void add(ChatMessage message) {
        ArrayDeque<ChatMessage> kept = messages.computeIfAbsent(message.conversation(), c -> new ArrayDeque<>());
        if (!kept.isEmpty() && message.seq() <= kept.peekLast().seq()) {
            return; // received before (a second login to the same server replays from the read position)
        }
        kept.addLast(message);
        if (kept.size() > KEEP_PER_CONVERSATION) {
            kept.removeFirst();
        }
        for (Listener listener : listeners) {
            listener.received(message);
        }
    }

    /**
     * The kept messages of {@code conversation} that follow each other without a gap up to the newest, oldest first:
     * older ones before a gap (after a long time offline) are left to the history pages.
     */
    List<ChatMessage> recentMessages(String conversation) {
        ArrayDeque<ChatMessage> kept = messages.get(conversation);
        if (kept == null) {
            return List.of();
        }
        List<ChatMessage> all = new ArrayList<>(kept);
        int first = all.size() - 1;
        while (first > 0 && all.get(first - 1).seq() == all.get(first).seq() - 1) {
            first--;
        }
        return all.isEmpty() ? List.of() : all.subList(first, all.size());
    }

    /** Calls {@code listener} on the UI thread for every message from now on; the handle removes it. */
    ListenerRegistration subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
