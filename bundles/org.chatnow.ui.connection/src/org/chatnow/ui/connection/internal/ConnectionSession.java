package org.chatnow.ui.connection.internal;

import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * The workbench's view of its connection beyond what the client knows: the certificates the user trusted (handed
 * to the client), whether the user asked to disconnect (so the status line can say so), and telling the user once, in
 * a dialog, when another login took the name over or a reconnect met a certificate other than the trusted one.
 * One per workbench; lives on the UI thread.
 */
final class ConnectionSession {
    private final IWorkbench workbench;
    private final ChatClient client;
    private final PinnedServers pins = new PinnedServers();
    private boolean disconnectRequested;

    private ConnectionSession(IWorkbench workbench, ChatClient client) {
        this.workbench = workbench;
        this.client = client;
        client.setKnownServers(pins);
        client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                if (state == ConnectionState.CONNECTING) {
                    disconnectRequested = false;
                } else if (state == ConnectionState.KICKED) {
                    disconnectRequested = false;
                    showKicked(detail);
                } else if (state == ConnectionState.OFFLINE && client.reconnectFailure() instanceof UntrustedServerException untrusted) {
                    showUntrusted(untrusted);
                }
            }
        }, new UiExecutor(workbench.getDisplay()));
    }

    /** The workbench's session, created on first use. Call on the UI thread. */
    static ConnectionSession of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, ConnectionSession.class, () -> new ConnectionSession(workbench, ChatUi.client()));
    }

    ChatClient client() {
        return client;
    }

    /** The certificates trusted on first use, per server. */
    PinnedServers pins() {
        return pins;
    }

    /** Logs out because the user asked to. */
    void disconnectByUser() {
        disconnectRequested = client.state() != ConnectionState.OFFLINE || disconnectRequested;
        client.disconnect();
    }

    /** True while offline because the user asked to disconnect. */
    boolean isDisconnectedByUser() {
        return disconnectRequested && client.state() == ConnectionState.OFFLINE;
    }

    private IWorkbenchWindow window() {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
            window = workbench.getWorkbenchWindows()[0];
        }
        return window == null || workbench.isClosing() ? null : window;
    }

    /** A reconnect met a certificate that is not trusted: the client stays offline until the user decides. */
    private void showUntrusted(UntrustedServerException untrusted) {
        IWorkbenchWindow parent = window();
        if (parent == null) {
            return;
        }
        if (untrusted.changed()) {
            CertificateDialogs.showChanged(parent.getShell(), untrusted);
        } else if (CertificateDialogs.confirmNew(parent.getShell(), untrusted) && client.state() == ConnectionState.OFFLINE) {
            pins.pin(untrusted.server(), untrusted.presented());
            client.reconnect();
        }
    }

    private void showKicked(String reason) {
        IWorkbenchWindow parent = window();
        if (parent == null) {
            return;
        }
        KickedDialog dialog = new KickedDialog(parent.getShell(), reason == null ? "" : reason);
        if (dialog.open() == 0 && client.state() != ConnectionState.ONLINE) {
            Commands.execute(parent, UiIds.COMMAND_CONNECT, Map.of());
        }
    }

    /** "You were disconnected: logged in elsewhere", with a way to take the name back. */
    static final class KickedDialog extends MessageDialog {
        KickedDialog(Shell parent, String reason) {
            super(parent, Messages.Kicked_title, null, NLS.bind(Messages.Kicked_message, reason), WARNING, 1,
                Messages.Kicked_logInAgain, Messages.Kicked_close);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setData(UiIds.WIDGET_ROLE, "kickedDialog");
        }
    }
}
