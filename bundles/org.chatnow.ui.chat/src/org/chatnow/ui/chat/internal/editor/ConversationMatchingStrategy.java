package org.chatnow.ui.chat.internal.editor;

import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorMatchingStrategy;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.PartInitException;

/**
 * Finds a conversation's editor by its conversation alone. Without it the workbench matches an editor restored from
 * the last session, and not shown yet, by its saved tab title too: "#lobby (3)" (unread messages) is not "#lobby", so
 * opening the lobby after the login opened a second tab for it.
 */
public final class ConversationMatchingStrategy implements IEditorMatchingStrategy {

    @Override
    public boolean matches(IEditorReference editor, IEditorInput input) {
        if (!(input instanceof ConversationEditorInput wanted)) {
            return false;
        }
        try {
            // for an editor not created yet, its input comes from the saved state (ConversationInputFactory): cheap
            return wanted.equals(editor.getEditorInput());
        } catch (PartInitException e) {
            return false;
        }
    }
}
