package org.chatnow.ui.chat.internal;

import java.nio.file.Path;

import org.chatnow.client.Conversations;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Chat ▸ Send File…: shares a file through the shared folder and posts a link to it in the room in front. The
 * optional parameter names the file (then no dialog asks). Never for private conversations: the shared folder is
 * readable by everyone on the server.
 */
public final class SendFileHandler extends AbstractHandler {

    @Override
    public void setEnabled(Object evaluationContext) {
        Object part = evaluationContext instanceof IEvaluationContext context ? context.getVariable(ISources.ACTIVE_EDITOR_NAME) : null;
        setBaseEnabled(roomEditor(part) != null);
    }

    @Override
    public Object execute(ExecutionEvent event) {
        ChatEditor editor = roomEditor(HandlerUtil.getActiveEditor(event));
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

    private static ChatEditor roomEditor(Object part) {
        return part instanceof IWorkbenchPart p && p instanceof ChatEditor editor && Conversations.isRoom(editor.conversation()) ? editor : null;
    }
}
