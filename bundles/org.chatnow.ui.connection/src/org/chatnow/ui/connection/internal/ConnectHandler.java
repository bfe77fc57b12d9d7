package org.chatnow.ui.connection.internal;

import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** Opens the login dialog; after a successful login shows the online users and the group chat. */
public final class ConnectHandler extends AbstractHandler {
    /** Launch options are honoured once: a later Connect... starts from the last values typed. */
    private boolean launchOptionsUsed;
    private String lastServer;
    private String lastUser;

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindow(event);
        if (window == null) {
            return null;
        }
        ChatClient client = ChatUi.client();
        if (client.state() == ConnectionState.ONLINE || client.state() == ConnectionState.CONNECTING) {
            if (!MessageDialog.openQuestion(window.getShell(), "Connect",
                "You are connected to " + client.server() + " as " + client.user() + ". Disconnect and log in again?")) {
                return null;
            }
            client.disconnect();
        }
        String server = lastServer == null ? ServerAddress.DEFAULT.toString() : lastServer;
        String user = lastUser;
        boolean auto = false;
        String password = null;
        if (!launchOptionsUsed) {
            launchOptionsUsed = true;
            LaunchOptions options = LaunchOptions.fromCommandLine();
            server = options.server() != null ? options.server() : server;
            user = options.user() != null ? options.user() : user;
            password = options.password();
            auto = options.autoLogin();
        }
        LoginDialog dialog = new LoginDialog(window.getShell(), client, server, user, password, auto);
        if (dialog.open() != Window.OK) {
            return null;
        }
        lastServer = client.server() == null ? server : client.server().toString();
        lastUser = client.user();
        try {
            window.getActivePage().showView(UiIds.VIEW_USERS);
        } catch (PartInitException | RuntimeException e) {
            // the users view is optional: another bundle may replace or leave it out
        }
        Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, Conversations.LOBBY));
        return null;
    }
}
