package org.chatnow.ui.chat.internal.editor;

import org.chatnow.client.Conversations;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.IPersistableElement;

/** Names one conversation; two inputs for the same conversation are equal, so it opens in one editor only. */
public final class ConversationEditorInput implements IEditorInput, IPersistableElement, ConversationInput {
    static final String MEMENTO_CONVERSATION = "conversation";
    private final String conversation;

    public ConversationEditorInput(String conversation) {
        this.conversation = conversation;
    }

    @Override
    public String conversation() {
        return conversation;
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return null;
    }

    @Override
    public String getName() {
        return Conversations.title(conversation);
    }

    @Override
    public IPersistableElement getPersistable() {
        return this;
    }

    @Override
    public String getToolTipText() {
        if (conversation.equals(Conversations.LOBBY)) {
            return Messages.ConversationInput_lobbyTooltip;
        }
        return Conversations.isDirect(conversation) ? NLS.bind(Messages.ConversationInput_directTooltip, Conversations.title(conversation))
            : conversation;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public void saveState(IMemento memento) {
        memento.putString(MEMENTO_CONVERSATION, conversation);
    }

    @Override
    public String getFactoryId() {
        return ConversationInputFactory.ID;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationEditorInput o && o.conversation.equals(conversation);
    }

    @Override
    public int hashCode() {
        return conversation.hashCode();
    }
}
