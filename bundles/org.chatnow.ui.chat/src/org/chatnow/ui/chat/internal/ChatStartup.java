package org.chatnow.ui.chat.internal;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** Starts keeping messages as soon as the workbench is up, before any conversation editor is shown. */
public final class ChatStartup implements IStartup {

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            if (!workbench.isClosing()) {
                ConversationStore.of(workbench);
            }
        });
    }
}
