package org.chatnow.ui.chat.internal.editor;

import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/**
 * Starts keeping messages and read positions as soon as the workbench is up, before any conversation editor is
 * shown, and opens private conversations in the background as messages arrive.
 */
public final class ChatStartup implements IStartup {

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            if (!workbench.isClosing()) {
                UserAttention.track(workbench.getDisplay());
                ConversationStore.of(workbench);
                PrivateMessageTabs.of(workbench);
            }
        });
    }
}
