package org.chatnow.ui.chat.internal.handlers;

import java.nio.file.Path;

import org.chatnow.ui.chat.internal.editor.ChatEditor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Chat ▸ Send File…: sends a file into the conversation in front and posts a link to it (a room's files go to the
 * shared folder; a private conversation's become attachments only its two parties can download). The optional
 * parameter names the file (then no dialog asks).
 */
public final class SendFileHandler extends AbstractHandler {

    @Override
    public void setEnabled(Object evaluationContext) {
        Object part = evaluationContext instanceof IEvaluationContext context ? context.getVariable(ISources.ACTIVE_EDITOR_NAME) : null;
        setBaseEnabled(chatEditor(part) != null);
    }

    @Override
    public Object execute(ExecutionEvent event) {
        ChatEditor editor = chatEditor(HandlerUtil.getActiveEditor(event));
        if (editor == null) {
            return null;
        }
        String file = event.getParameter(org.chatnow.ui.UiIds.PARAMETER_FILE);
        if (file == null || file.isBlank()) {
            editor.chooseFileToSend();
        } else {
            editor.sendFile(Path.of(file));
        }
        return null;
    }

    private static ChatEditor chatEditor(Object part) {
        return part instanceof IWorkbenchPart p && p instanceof ChatEditor editor ? editor : null;
    }
}
