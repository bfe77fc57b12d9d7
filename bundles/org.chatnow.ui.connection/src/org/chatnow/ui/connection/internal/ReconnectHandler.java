package org.chatnow.ui.connection.internal;

import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * "Reconnect" (the original program's refresh connection): while the connection is being retried, retries now;
 * when offline after a login, logs in again to the same server as the same user; before any login, opens the login
 * dialog.
 */
public final class ReconnectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        ChatClient client = ConnectionSession.of(PlatformUI.getWorkbench()).client();
        if (client.state() == ConnectionState.ONLINE || client.state() == ConnectionState.CONNECTING) {
            return null;
        }
        if (client.server() == null || client.user() == null) {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
            if (window != null) {
                Commands.execute(window, UiIds.COMMAND_CONNECT, Map.of());
            }
            return null;
        }
        client.reconnect();
        return null;
    }
}
