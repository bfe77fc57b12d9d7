package org.chatnow.ui.connection.internal;

import org.chatnow.ui.ChatUi;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;

/** Logs out; open conversations stay open and show that the connection is down. */
public final class DisconnectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        ChatUi.client().disconnect();
        return null;
    }
}
