package org.chatnow.ui.chat.internal.editor;

import org.chatnow.client.ChatClient;
import org.eclipse.swt.widgets.Display;

/**
 * Tells the others while the user types: "typing" at most every {@link #REFRESH_MILLIS} while keys come, "stopped"
 * when the message is sent, the input is cleared, or no key came for {@link #IDLE_MILLIS}. Lives on the UI thread.
 */
final class TypingSender {
    static final long REFRESH_MILLIS = 3_000;
    static final int IDLE_MILLIS = 5_000;

    private final ChatClient client;
    private final String conversation;
    private final Display display;
    private final Runnable idle = this::stop;
    private boolean active;
    private long lastSent;

    TypingSender(ChatClient client, String conversation, Display display) {
        this.client = client;
        this.conversation = conversation;
        this.display = display;
    }

    /** The user changed the input, which now holds {@code text}. */
    void edited(String text) {
        if (text.isBlank()) {
            stop();
            return;
        }
        long now = System.nanoTime();
        if (!active || now - lastSent >= REFRESH_MILLIS * 1_000_000) {
            client.typing(conversation, true);
            active = true;
            lastSent = now;
        }
        display.timerExec(IDLE_MILLIS, idle);
    }

    /** Says "stopped" if "typing" was said. */
    void stop() {
        if (!display.isDisposed()) {
            display.timerExec(-1, idle);
        }
        if (active) {
            active = false;
            client.typing(conversation, false);
        }
    }
}
