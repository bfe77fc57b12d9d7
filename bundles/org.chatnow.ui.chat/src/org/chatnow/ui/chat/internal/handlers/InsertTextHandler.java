package org.chatnow.ui.chat.internal.handlers;

import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.editor.ChatEditor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Inserts the text of the command's parameter into the input of the conversation in front (the last active chat
 * editor, also while a view such as the emoji palette has the focus), and brings that editor forward.
 */
public final class InsertTextHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        String text = event.getParameter(UiIds.PARAMETER_TEXT);
        IEditorPart editor = HandlerUtil.getActiveEditor(event);
        if (text != null && !text.isEmpty() && editor instanceof ChatEditor chat) {
            chat.getSite().getPage().activate(chat);
            chat.insertText(text);
        }
        return null;
    }
}
