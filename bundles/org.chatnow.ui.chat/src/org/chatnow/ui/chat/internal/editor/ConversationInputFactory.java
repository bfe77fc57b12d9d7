package org.chatnow.ui.chat.internal.editor;

import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.ui.IElementFactory;
import org.eclipse.ui.IMemento;

/** Restores open conversations when the workbench restarts. */
public final class ConversationInputFactory implements IElementFactory {
    static final String ID = "org.chatnow.ui.chat.conversationInput";

    @Override
    public IAdaptable createElement(IMemento memento) {
        String conversation = memento.getString(ConversationEditorInput.MEMENTO_CONVERSATION);
        return conversation == null ? null : new ConversationEditorInput(conversation);
    }
}
