package org.chatnow.ui.users.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ChatClient;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.ui.IWorkbench;

/**
 * Whether the user said they are away. The client keeps it across reconnects but does not report it back (the server
 * tells others, not oneself), so the workbench remembers it here for the menu and the users view. One per workbench;
 * lives on the UI thread.
 */
final class AwayState {
    private final ChatClient client;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private boolean away;

    private AwayState(ChatClient client) {
        this.client = client;
    }

    static AwayState of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, AwayState.class, () -> new AwayState(ChatUi.client()));
    }

    boolean isAway() {
        return away;
    }

    void setAway(boolean value) {
        if (value == away) {
            return;
        }
        away = value;
        client.setAway(value);
        listeners.forEach(Runnable::run);
    }

    ListenerRegistration addListener(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
