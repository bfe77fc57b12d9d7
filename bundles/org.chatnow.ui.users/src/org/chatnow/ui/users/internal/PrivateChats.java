package org.chatnow.ui.users.internal;

import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchWindow;

/** Starts a private conversation with someone from the users view: double-click or the context menu. */
final class PrivateChats {

    private PrivateChats() {
    }

    /**
     * Opens the private conversation of the logged-in user and {@code other} through the open-conversation command,
     * or explains why not (with yourself, or while offline). Call on the UI thread.
     */
    static void open(IWorkbenchWindow window, ChatClient client, String other) {
        String me = client.user();
        if (me == null) {
            MessageDialog.openInformation(window.getShell(), Messages.PrivateChat_title, Messages.PrivateChat_notConnected);
            return;
        }
        if (me.equals(other)) {
            MessageDialog.openWarning(window.getShell(), Messages.PrivateChat_title, Messages.PrivateChat_withYourself);
            return;
        }
        Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION,
            Map.of(UiIds.PARAMETER_CONVERSATION, Conversations.direct(me, other)));
    }
}
