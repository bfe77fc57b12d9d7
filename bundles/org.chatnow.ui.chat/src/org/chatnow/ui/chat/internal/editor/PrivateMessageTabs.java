package org.chatnow.ui.chat.internal.editor;

import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * Opens the editor of a private conversation in the background when a message from the other person arrives and no
 * editor shows it, so its tab counts the unread messages without taking the user away from what they are doing.
 * Also brings to life restored tabs (which the workbench creates only when shown) of conversations with unread
 * messages, so their tabs count too. One per workbench; lives on the UI thread.
 */
final class PrivateMessageTabs {
    private final IWorkbench workbench;
    private final ConversationStore store;
    private final ReadPositions readPositions;

    private PrivateMessageTabs(IWorkbench workbench) {
        this.workbench = workbench;
        this.store = ConversationStore.of(workbench);
        this.readPositions = store.readPositions();
        store.subscribe(this::received);
        readPositions.addListener(changed -> wakeRestoredTabs());
    }

    /** Starts watching, once per workbench. Call on the UI thread. */
    static PrivateMessageTabs of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, PrivateMessageTabs.class, () -> new PrivateMessageTabs(workbench));
    }

    private void received(ChatMessage message) {
        String me = store.client().user();
        if (me == null || message.from().equals(me) || !Conversations.isDirect(message.conversation())
            || message.seq() <= readPositions.readSeq(message.conversation()) || workbench.isClosing()) {
            return;
        }
        IWorkbenchPage page = page();
        if (page == null || find(page, message.conversation()) != null) {
            return;
        }
        try {
            // openEditor without activating still puts the new editor on top: put back what the user was looking at
            IEditorPart front = page.getActiveEditor();
            page.openEditor(new ConversationEditorInput(message.conversation()), UiIds.EDITOR_CHAT, false);
            if (front != null) {
                page.bringToTop(front);
            }
        } catch (PartInitException e) {
            StatusManager.getManager().handle(Status.error("Cannot open " + message.conversation() + ": " + e.getMessage(), e),
                StatusManager.LOG);
        }
    }

    /** Restored editors of conversations with unread messages are created, so that they count them in their tab. */
    private void wakeRestoredTabs() {
        IWorkbenchPage page = page();
        if (page == null || workbench.isClosing()) {
            return;
        }
        for (IEditorReference ref : page.getEditorReferences()) {
            if (UiIds.EDITOR_CHAT.equals(ref.getId()) && ref.getEditor(false) == null) {
                String conversation = conversationOf(ref);
                if (conversation != null && readPositions.unread(conversation) > 0) {
                    ref.getEditor(true);
                }
            }
        }
    }

    private IWorkbenchPage page() {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
            window = workbench.getWorkbenchWindows()[0];
        }
        return window == null ? null : window.getActivePage();
    }

    private static IEditorReference find(IWorkbenchPage page, String conversation) {
        for (IEditorReference ref : page.getEditorReferences()) {
            if (UiIds.EDITOR_CHAT.equals(ref.getId()) && conversation.equals(conversationOf(ref))) {
                return ref;
            }
        }
        return null;
    }

    private static String conversationOf(IEditorReference ref) {
        try {
            IEditorInput input = ref.getEditorInput();
            return input instanceof ConversationInput c ? c.conversation() : null;
        } catch (PartInitException e) {
            return null;
        }
    }
}
