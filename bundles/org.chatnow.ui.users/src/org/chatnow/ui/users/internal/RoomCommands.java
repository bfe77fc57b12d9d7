package org.chatnow.ui.users.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.chatnow.ui.Commands;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.UiIds;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

/** What the room commands share: opening and closing a room's conversation, readable errors. */
final class RoomCommands {

    private RoomCommands() {
    }

    static void open(IWorkbenchWindow window, String conversation) {
        Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, conversation));
    }

    /** Closes every editor of {@code conversation} in {@code window}. */
    static void close(IWorkbenchWindow window, String conversation) {
        for (IWorkbenchPage page : window.getPages()) {
            List<IEditorReference> refs = new ArrayList<>();
            for (IEditorReference ref : page.getEditorReferences()) {
                try {
                    if (ref.getEditorInput() instanceof ConversationInput input && input.conversation().equals(conversation)) {
                        refs.add(ref);
                    }
                } catch (PartInitException e) {
                    // an editor that cannot restore its input is not this room's
                }
            }
            if (!refs.isEmpty()) {
                page.closeEditors(refs.toArray(IEditorReference[]::new), false);
            }
        }
    }

}
