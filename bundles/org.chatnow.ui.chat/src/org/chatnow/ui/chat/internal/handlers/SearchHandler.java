package org.chatnow.ui.chat.internal.handlers;

import org.chatnow.ui.ChatUi;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.editor.ChatEditor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.ui.ISources;
import org.eclipse.ui.handlers.HandlerUtil;

/** Chat ▸ Search Messages…: searches the conversation in front. */
public final class SearchHandler extends AbstractHandler {

    @Override
    public void setEnabled(Object evaluationContext) {
        Object part = evaluationContext instanceof IEvaluationContext context ? context.getVariable(ISources.ACTIVE_EDITOR_NAME) : null;
        setBaseEnabled(part instanceof ChatEditor);
    }

    @Override
    public Object execute(ExecutionEvent event) {
        if (HandlerUtil.getActiveEditor(event) instanceof ChatEditor editor) {
            new SearchDialog(editor.getSite().getShell(), editor, ChatUi.client()).open();
        }
        return null;
    }
}
