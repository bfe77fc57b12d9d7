package org.chatnow.ui.connection.internal;

import java.util.concurrent.CompletionException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ServerAddress;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks for the server and the user name, then logs in without blocking the UI: the dialog stays open (fields
 * disabled) while connecting, and shows the server's or the network's answer if the login fails.
 */
final class LoginDialog extends TitleAreaDialog {
    private final ChatClient client;
    private final String initialServer;
    private final String initialUser;
    private final String initialPassword;
    private final boolean connectImmediately;
    private Text serverText;
    private Text userText;
    private Text passwordText;
    private boolean connecting;

    LoginDialog(Shell parent, ChatClient client, String server, String user, String password, boolean connectImmediately) {
        super(parent);
        this.client = client;
        this.initialServer = server;
        this.initialUser = user;
        this.initialPassword = password;
        this.connectImmediately = connectImmediately;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Log in to ChatNow");
        shell.setData(UiIds.WIDGET_ROLE, "loginDialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Log in to ChatNow");
        setMessage("Enter the chat server and the name others will see.");
        Composite form = new Composite(area, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(form);

        serverText = field(form, "&Server:", "server", SWT.BORDER);
        serverText.setText(initialServer);
        serverText.setMessage("host:port");
        userText = field(form, "&User name:", "user", SWT.BORDER);
        userText.setText(initialUser == null ? "" : initialUser);
        passwordText = field(form, "&Password:", "password", SWT.BORDER | SWT.PASSWORD);
        passwordText.setMessage("a new name: choose one (4+ characters)");
        if (initialPassword != null) {
            passwordText.setText(initialPassword);
        }
        (initialUser == null || initialUser.isEmpty() ? userText : serverText).setFocus();
        return area;
    }

    private static Text field(Composite parent, String label, String role, int style) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, style);
        text.setData(UiIds.WIDGET_ROLE, role);
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(text);
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "&Connect", true).setData(UiIds.WIDGET_ROLE, "connect");
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    public void create() {
        super.create();
        if (connectImmediately) {
            getShell().getDisplay().asyncExec(this::okPressed);
        }
    }

    @Override
    protected void okPressed() {
        if (connecting || getShell() == null || getShell().isDisposed()) {
            return;
        }
        ServerAddress server;
        try {
            server = ServerAddress.parse(serverText.getText());
        } catch (IllegalArgumentException e) {
            setErrorMessage("Server address: " + e.getMessage());
            serverText.setFocus();
            return;
        }
        String user = userText.getText().strip();
        if (user.isEmpty()) {
            setErrorMessage("Enter a user name.");
            userText.setFocus();
            return;
        }
        String password = passwordText.getText();
        if (password.isEmpty()) {
            setErrorMessage("Enter your password (for a new name, the password it will have).");
            passwordText.setFocus();
            return;
        }
        setConnecting(true);
        setErrorMessage(null);
        setMessage("Connecting to " + server + "...", IMessageProvider.INFORMATION);
        client.connect(server, user, password).whenCompleteAsync((ok, error) -> {
            if (getShell() == null || getShell().isDisposed()) {
                return;
            }
            setConnecting(false);
            if (error == null) {
                setReturnCode(OK);
                close();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                setMessage("Enter the chat server and the name others will see.");
                setErrorMessage(cause.getMessage());
            }
        }, new UiExecutor(getShell().getDisplay()));
    }

    @Override
    protected void cancelPressed() {
        if (connecting) {
            client.disconnect();
        }
        super.cancelPressed();
    }

    private void setConnecting(boolean value) {
        connecting = value;
        serverText.setEnabled(!value);
        userText.setEnabled(!value);
        passwordText.setEnabled(!value);
        getButton(IDialogConstants.OK_ID).setEnabled(!value);
    }
}
