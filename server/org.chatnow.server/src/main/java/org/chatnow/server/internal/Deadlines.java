package org.chatnow.server.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for the deadlines of both services (a chat connection's login, a file connection's authorisation):
 * a task per connection, run once when its time is up.
 */
public final class Deadlines implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chatnow-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} after {@code millis}; nothing once the server is stopping (it closes every connection itself). */
    void after(long millis, Runnable task) {
        try {
            timer.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
