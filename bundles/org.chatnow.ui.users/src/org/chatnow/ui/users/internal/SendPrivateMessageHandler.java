package org.chatnow.ui.users.internal;

import org.chatnow.ui.ChatUi;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Send Private Message" on a person in the users view. */
public final class SendPrivateMessageHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IStructuredSelection selection = HandlerUtil.getCurrentStructuredSelection(event);
        if (selection.size() == 1 && selection.getFirstElement() instanceof PersonRow person) {
            PrivateChats.open(HandlerUtil.getActiveWorkbenchWindowChecked(event), ChatUi.client(), person.user());
        }
        return null;
    }
}
