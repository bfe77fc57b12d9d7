package org.chatnow.ui.users.internal;

import org.chatnow.client.ChatClient;
import org.chatnow.ui.ChatUi;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Chat ▸ Private Message To…: opens the private conversation with someone by name, whether or not the users view
 * lists them (a crowded server lists only one's contacts). The server refuses names that have no account.
 */
public final class PrivateMessageToHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        ChatClient client = ChatUi.client();
        if (client.user() == null) {
            MessageDialog.openInformation(window.getShell(), Messages.PrivateChat_title, Messages.PrivateChat_notConnected);
            return null;
        }
        InputDialog dialog = new InputDialog(window.getShell(), Messages.PrivateChat_title, Messages.PrivateChat_to, "",
            text -> text.isBlank() ? Messages.PrivateChat_nameEmpty : null);
        if (dialog.open() == Window.OK) {
            PrivateChats.open(window, client, dialog.getValue().strip());
        }
        return null;
    }
}
