package org.chatnow.ui.connection.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.PlatformUI;

/** Logs out; open conversations stay open and show that the connection is down. */
public final class DisconnectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        ConnectionSession.of(PlatformUI.getWorkbench()).disconnectByUser();
        return null;
    }
}
