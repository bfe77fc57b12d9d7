package org.chatnow.ui.notifications.internal;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** Starts listening for messages once the workbench is up. */
public final class NotificationStartup implements IStartup {

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            if (!workbench.isClosing()) {
                MessageNotifier.of(workbench);
            }
        });
    }
}
