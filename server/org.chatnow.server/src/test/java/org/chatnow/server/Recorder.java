package org.chatnow.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.Presence;

/** Records what a client's listener saw, for assertions. */
final class Recorder implements ChatListener {
    record Event(String kind, String conversation, String user, long value) {
    }

    final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    final List<String> details = new CopyOnWriteArrayList<>();
    final List<Event> events = new CopyOnWriteArrayList<>();
    volatile List<String> users = List.of();
    volatile List<ConversationInfo> conversations = List.of();

    @Override
    public void stateChanged(ConnectionState state, String detail) {
        states.add(state);
        details.add(detail);
    }

    @Override
    public void messageReceived(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void onlineUsersChanged(List<String> list) {
        users = list;
    }

    @Override
    public void presenceChanged(String user, Presence presence) {
        events.add(new Event("presence:" + presence.name().toLowerCase(), null, user, 0));
    }

    @Override
    public void typingChanged(String conversation, String user, boolean typing) {
        events.add(new Event(typing ? "typing" : "stopped", conversation, user, 0));
    }

    @Override
    public void readReceipt(String conversation, String user, long seq) {
        events.add(new Event("read", conversation, user, seq));
    }

    @Override
    public void sharedFileChanged(org.chatnow.client.SharedFile file, boolean deleted) {
        events.add(new Event(deleted ? "file:deleted" : "file:added", null, file.name(), file.size()));
    }

    @Override
    public void conversationsChanged(List<ConversationInfo> list) {
        conversations = list;
    }

    List<String> texts() {
        return messages.stream().map(ChatMessage::text).toList();
    }

    List<String> texts(String conversation) {
        return messages.stream().filter(m -> m.conversation().equals(conversation)).map(ChatMessage::text).toList();
    }

    ConnectionState lastState() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    String lastDetail() {
        return details.isEmpty() ? null : details.get(details.size() - 1);
    }

    List<Event> events(String kind) {
        List<Event> found = new ArrayList<>();
        for (Event e : events) {
            if (e.kind().equals(kind)) {
                found.add(e);
            }
        }
        return found;
    }

    /** Waits up to 20 s for {@code condition} on what {@code value} returns; returns the last value. */
    static <T> T await(Supplier<T> value, Predicate<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T last = value.get();
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            last = value.get();
        }
        return last;
    }
}
