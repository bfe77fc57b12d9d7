package org.chatnow.ui.connection.internal;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** Watches the connection from the start, so a takeover is reported even before anything else asked. */
public final class ConnectionStartup implements IStartup {

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            if (!workbench.isClosing()) {
                ConnectionSession.of(workbench);
            }
        });
    }
}
