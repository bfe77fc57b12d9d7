package org.chatnow.ui;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ConversationInfo;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;

/**
 * How far the user and the other members have read each conversation, and so how many messages the user has not
 * read: one account for the chat editors (marking read, "Seen"), their tabs and the users view. The client tells
 * nobody when the user's own read position moves, so everything that marks a conversation read goes through
 * {@link #markRead(String, long)}. One per workbench, created early (the other members' positions arrive only once,
 * at login); lives on the UI thread.
 */
public final class ReadPositions {

    /** Told on the UI thread, once per burst of changes, which conversations changed; null means all of them. */
    public interface Listener {
        void changed(Set<String> conversations);
    }

    private final ChatClient client;
    private final Display display;
    private final UiExecutor executor;
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Map<String, Long> readSeq = new HashMap<>();
    private final Map<String, Map<String, Long>> peerReads = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Set<String> pending = new HashSet<>();
    private boolean everything;
    private boolean flushScheduled;
    /** Server and user the positions belong to: another login starts from scratch. */
    private String identity;

    private ReadPositions(ChatClient client, Display display) {
        this.client = client;
        this.display = display;
        this.executor = new UiExecutor(display);
        client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                if (state == ConnectionState.ONLINE) {
                    checkIdentity();
                }
            }

            @Override
            public void conversationsChanged(List<ConversationInfo> conversations) {
                apply(conversations);
            }

            @Override
            public void messageReceived(ChatMessage message) {
                received(message);
            }

            @Override
            public void readReceipt(String conversation, String user, long seq) {
                Map<String, Long> reads = peerReads.computeIfAbsent(conversation, c -> new HashMap<>());
                if (seq > reads.getOrDefault(user, 0L)) {
                    reads.put(user, seq);
                    changed(conversation);
                }
            }
        }, executor);
        checkIdentity();
        apply(client.conversations());
    }

    /** The workbench's read positions, created (and listening) on first use. Call on the UI thread. */
    public static ReadPositions of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, ReadPositions.class, () -> new ReadPositions(ChatUi.client(), workbench.getDisplay()));
    }

    /** Messages of {@code conversation} the user has not read. */
    public long unread(String conversation) {
        return Math.max(0, lastSeq(conversation) - readSeq(conversation));
    }

    /** The newest sequence number known of {@code conversation}, 0 if none. */
    public long lastSeq(String conversation) {
        return lastSeq.getOrDefault(conversation, 0L);
    }

    /** How far the user has read {@code conversation}. */
    public long readSeq(String conversation) {
        return readSeq.getOrDefault(conversation, 0L);
    }

    /** How far {@code user} has read {@code conversation}, as far as this workbench was told; 0 if unknown. */
    public long peerRead(String conversation, String user) {
        Map<String, Long> reads = peerReads.get(conversation);
        return reads == null ? 0 : reads.getOrDefault(user, 0L);
    }

    /** Marks {@code conversation} read up to {@code seq} here and on the server (which tells the other members). */
    public void markRead(String conversation, long seq) {
        if (seq <= readSeq(conversation)) {
            return;
        }
        readSeq.put(conversation, seq);
        if (seq > lastSeq(conversation)) {
            lastSeq.put(conversation, seq);
        }
        client.markRead(conversation, seq);
        changed(conversation);
    }

    /** Calls {@code listener} after changes; closing the registration removes it. */
    public ListenerRegistration addListener(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void checkIdentity() {
        String now = client.user() == null ? null : client.server() + "/" + client.user();
        if (now != null && !Objects.equals(now, identity)) {
            boolean hadOne = identity != null;
            identity = now;
            if (hadOne) {
                lastSeq.clear();
                readSeq.clear();
                peerReads.clear();
                everything = true;
                scheduleFlush();
            }
        }
    }

    private void apply(List<ConversationInfo> conversations) {
        checkIdentity();
        Set<String> listed = new HashSet<>();
        for (ConversationInfo info : conversations) {
            String c = info.conversation();
            listed.add(c);
            long last = Math.max(lastSeq(c), info.lastSeq());
            long read = Math.max(readSeq(c), info.readSeq());
            if (last != lastSeq(c) || read != readSeq(c) || !lastSeq.containsKey(c)) {
                lastSeq.put(c, last);
                readSeq.put(c, read);
                changed(c);
            }
        }
        for (String gone : Set.copyOf(lastSeq.keySet())) {
            if (!listed.contains(gone)) {
                lastSeq.remove(gone);
                readSeq.remove(gone);
                peerReads.remove(gone);
                changed(gone);
            }
        }
    }

    private void received(ChatMessage message) {
        String c = message.conversation();
        boolean change = false;
        if (message.seq() > lastSeq(c)) {
            lastSeq.put(c, message.seq());
            change = true;
        }
        if (message.from().equals(client.user()) && message.seq() > readSeq(c)) {
            // one's own message is read; the client counts it so too
            readSeq.put(c, message.seq());
            change = true;
        }
        if (change) {
            changed(c);
        }
    }

    private void changed(String conversation) {
        pending.add(conversation);
        scheduleFlush();
    }

    /** One notification per burst: the flush queues behind the messages already waiting for the UI thread. */
    private void scheduleFlush() {
        if (flushScheduled || display.isDisposed()) {
            return;
        }
        flushScheduled = true;
        executor.execute(() -> {
            flushScheduled = false;
            Set<String> changed = everything ? null : Set.copyOf(pending);
            pending = new HashSet<>();
            everything = false;
            for (Listener listener : listeners) {
                listener.changed(changed);
            }
        });
    }
}
