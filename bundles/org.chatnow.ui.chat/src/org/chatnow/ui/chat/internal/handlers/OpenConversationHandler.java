package org.chatnow.ui.chat.internal.handlers;

import org.chatnow.client.Conversations;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.editor.ConversationEditorInput;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Opens (or brings to front) the chat editor of the conversation named by the command parameter. */
public final class OpenConversationHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        String conversation = event.getParameter(UiIds.PARAMETER_CONVERSATION);
        try {
            window.getActivePage().openEditor(
                new ConversationEditorInput(conversation == null ? Conversations.LOBBY : conversation), UiIds.EDITOR_CHAT);
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open " + conversation, e);
        }
        return null;
    }
}
