package org.chatnow.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;

/** Records what a client's listener saw, for assertions. */
final class Recorder implements ChatListener {
    final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
    final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    final List<String> details = new CopyOnWriteArrayList<>();
    volatile List<String> users = List.of();

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

    List<String> texts() {
        return messages.stream().map(ChatMessage::text).toList();
    }

    /** Waits up to 10 s for {@code condition} on what {@code value} returns; returns the last value. */
    static <T> T await(Supplier<T> value, Predicate<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T last = value.get();
        while (!condition.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            last = value.get();
        }
        return last;
    }
}
