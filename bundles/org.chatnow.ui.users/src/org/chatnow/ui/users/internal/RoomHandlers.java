package org.chatnow.ui.users.internal;

import org.chatnow.client.ChatException;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.UiExecutor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** Handlers of Chat ▸ Create Room…, Join Room… and Leave Room. */
final class RoomHandlers {

    private RoomHandlers() {
    }

    private static boolean online(IWorkbenchWindow window, ChatClient client) {
        if (client.state() == ConnectionState.ONLINE) {
            return true;
        }
        MessageDialog.openInformation(window.getShell(), Messages.JoinRoom_title, Messages.Rooms_notConnected);
        return false;
    }

    private static void roomsChanged(IWorkbenchWindow window) {
        IViewPart view = window.getActivePage() == null ? null : window.getActivePage().findView(org.chatnow.ui.UiIds.VIEW_USERS);
        if (view instanceof OnlineUsersView users) {
            users.fetchRooms();
        }
    }

    /** Chat ▸ Create Room…: the dialog, then the new room's conversation. */
    public static final class Create extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
            ChatClient client = ChatUi.client();
            if (!online(window, client)) {
                return null;
            }
            CreateRoomDialog dialog = new CreateRoomDialog(window.getShell(), client);
            if (dialog.open() == Window.OK && dialog.created() != null) {
                roomsChanged(window);
                RoomCommands.open(window, dialog.created().conversation());
            }
            return null;
        }
    }

    /** Chat ▸ Join Room…: pick a room from the server's list, then its conversation opens. */
    public static final class Join extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
            ChatClient client = ChatUi.client();
            if (!online(window, client)) {
                return null;
            }
            JoinRoomDialog dialog = new JoinRoomDialog(window.getShell(), client);
            if (dialog.open() == Window.OK && dialog.joined() != null) {
                String conversation = dialog.joined().conversation();
                // The server counts a room as read up to its end when one joins, but the client starts it at 0:
                // learn where the room ends, so its history does not count as unread.
                ReadPositions read = ReadPositions.of(window.getWorkbench());
                client.history(conversation, 0, 1).thenAcceptAsync(page -> {
                    if (!page.messages().isEmpty()) {
                        read.markRead(conversation, page.messages().get(page.messages().size() - 1).seq());
                    }
                }, new UiExecutor(window.getShell().getDisplay()));
                roomsChanged(window);
                RoomCommands.open(window, conversation);
            }
            return null;
        }
    }

    /**
     * Chat ▸ Leave Room: the room selected in the users view, or else the room whose conversation is in front. Not
     * for #lobby, which everyone stays in.
     */
    public static final class Leave extends AbstractHandler {
        @Override
        public void setEnabled(Object evaluationContext) {
            String room = evaluationContext instanceof IEvaluationContext context
                ? room(context.getVariable(ISources.ACTIVE_CURRENT_SELECTION_NAME), context.getVariable(ISources.ACTIVE_PART_NAME),
                    context.getVariable(ISources.ACTIVE_EDITOR_INPUT_NAME))
                : null;
            setBaseEnabled(room != null && !Conversations.LOBBY.equals(room));
        }

        @Override
        public Object execute(ExecutionEvent event) throws ExecutionException {
            IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
            String conversation = room(HandlerUtil.getCurrentSelection(event), HandlerUtil.getActivePart(event),
                HandlerUtil.getActiveEditorInput(event));
            if (conversation == null) {
                MessageDialog.openInformation(window.getShell(), Messages.LeaveRoom_title, Messages.LeaveRoom_noRoom);
                return null;
            }
            if (Conversations.LOBBY.equals(conversation)) {
                MessageDialog.openInformation(window.getShell(), Messages.LeaveRoom_title, Messages.LeaveRoom_lobby);
                return null;
            }
            String name = conversation.substring("room:".length());
            if (!MessageDialog.openConfirm(window.getShell(), Messages.LeaveRoom_title, NLS.bind(Messages.LeaveRoom_confirm, name))) {
                return null;
            }
            ChatClient client = ChatUi.client();
            client.leaveRoom(name).whenCompleteAsync((room, error) -> {
                if (window.getShell() == null || window.getShell().isDisposed()) {
                    return;
                }
                if (error == null) {
                    RoomCommands.close(window, conversation);
                    roomsChanged(window);
                } else {
                    MessageDialog.openError(window.getShell(), Messages.LeaveRoom_title,
                        NLS.bind(Messages.LeaveRoom_failed, name, ChatException.of(error).getMessage()));
                }
            }, new UiExecutor(window.getShell().getDisplay()));
            return null;
        }

        /** The room's conversation the command acts on: the users view's selected room, or the editor's room. */
        private static String room(Object selection, Object part, Object editorInput) {
            if (part instanceof IWorkbenchPart p && p instanceof OnlineUsersView && selection instanceof ISelection s) {
                if (s instanceof IStructuredSelection structured && structured.getFirstElement() instanceof RoomRow row) {
                    return row.conversation();
                }
            }
            if (editorInput instanceof IEditorInput input && input instanceof ConversationInput c && Conversations.isRoom(c.conversation())) {
                return c.conversation();
            }
            return null;
        }
    }
}
