package org.chatnow.ui.chat.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.ui.IWorkbench;

/**
 * The messages this workbench received, per conversation, since it started. Editors that open (or are first shown)
 * after messages arrived replay them from here, so nothing received is lost because its tab was not yet created.
 * One per workbench; lives on the UI thread.
 */
final class ConversationStore {
    /** Per conversation; the oldest go first. An open editor keeps its own, longer transcript. */
    static final int KEEP_PER_CONVERSATION = 10_000;

    private final Map<String, ArrayDeque<ChatMessage>> messages = new HashMap<>();
    private final List<Consumer<ChatMessage>> listeners = new CopyOnWriteArrayList<>();
    private final ChatClient client;

    private ConversationStore(ChatClient client, UiExecutor executor) {
        this.client = client;
        client.addListener(new ChatListener() {
            @Override
            public void messageReceived(ChatMessage message) {
                add(message);
            }
        }, executor);
    }

    /** The workbench's store, created (and subscribed to the chat client) on first use. Call on the UI thread. */
    static ConversationStore of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, ConversationStore.class,
            () -> new ConversationStore(ChatUi.client(), new UiExecutor(workbench.getDisplay())));
    }

    ChatClient client() {
        return client;
    }

    private void add(ChatMessage message) {
        ArrayDeque<ChatMessage> kept = messages.computeIfAbsent(message.conversation(), c -> new ArrayDeque<>());
        kept.addLast(message);
        if (kept.size() > KEEP_PER_CONVERSATION) {
            kept.removeFirst();
        }
        for (Consumer<ChatMessage> listener : listeners) {
            listener.accept(message);
        }
    }

    /** The kept messages of {@code conversation}, oldest first. */
    List<ChatMessage> messages(String conversation) {
        ArrayDeque<ChatMessage> kept = messages.get(conversation);
        return kept == null ? List.of() : new ArrayList<>(kept);
    }

    /** Calls {@code listener} on the UI thread for every message from now on; the handle removes it. */
    AutoCloseable subscribe(Consumer<ChatMessage> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
