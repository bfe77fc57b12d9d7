package org.chatnow.ui.connection.internal;


import org.chatnow.client.ChatException;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks for the server (the servers used before are offered, most recent first), the user name and a password, then
 * logs in without blocking the UI: the dialog stays open (fields disabled) while connecting, and shows the server's
 * or the network's answer if the login fails. The password is kept in memory only, unless "Remember password" is
 * ticked: then it goes to secure storage, and comes back from there the next time. The connection is encrypted (TLS)
 * unless the user unticks it for a server, with a warning; a certificate nobody vouches for is shown for the user to
 * trust the first time, and refused with both fingerprints if it changes later.
 */
final class LoginDialog extends TitleAreaDialog {
    private final ChatClient client;
    private final LoginPreferences preferences;
    private final PasswordVault vault;
    private final String initialServer;
    private final String initialUser;
    private final String initialPassword;
    private final boolean connectImmediately;
    private Combo serverCombo;
    private Text userText;
    private Text passwordText;
    private Button rememberButton;
    private Button encryptButton;
    /** The user ticked or unticked "Encrypt" by hand: the server field no longer sets it. */
    private boolean encryptChosen;
    private boolean connecting;
    /** The login whose remembered password fills the field, or null if the user typed it. */
    private String filledFor;
    private boolean filling;
    /** The remember box was ticked because a password was remembered, not by the user. */
    private boolean autoTicked;

    LoginDialog(Shell parent, ChatClient client, LoginPreferences preferences, PasswordVault vault, String server,
        String user, String password, boolean connectImmediately) {
        super(parent);
        this.client = client;
        this.preferences = preferences;
        this.vault = vault;
        this.initialServer = server;
        this.initialUser = user;
        this.initialPassword = password;
        this.connectImmediately = connectImmediately;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Login_shellTitle);
        shell.setData(UiIds.WIDGET_ROLE, "loginDialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(Messages.Login_title);
        setMessage(Messages.Login_message);
        Composite form = new Composite(area, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(form);

        new Label(form, SWT.NONE).setText(Messages.Login_server);
        serverCombo = new Combo(form, SWT.DROP_DOWN | SWT.BORDER);
        serverCombo.setData(UiIds.WIDGET_ROLE, "server");
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(serverCombo);
        for (String recent : preferences.recentServers()) {
            serverCombo.add(recent);
        }
        serverCombo.setText(initialServer);
        serverCombo.setToolTipText(Messages.Login_serverHint);

        userText = field(form, Messages.Login_user, "user", SWT.BORDER);
        userText.setText(initialUser == null ? "" : initialUser);
        passwordText = field(form, Messages.Login_password, "password", SWT.BORDER | SWT.PASSWORD);
        passwordText.setMessage(Messages.Login_passwordHint);
        passwordText.setToolTipText(Messages.Login_passwordHint);
        new Label(form, SWT.NONE);
        rememberButton = new Button(form, SWT.CHECK);
        rememberButton.setText(Messages.Login_remember);
        rememberButton.setToolTipText(Messages.Login_rememberTooltip);
        rememberButton.setData(UiIds.WIDGET_ROLE, "rememberPassword");
        new Label(form, SWT.NONE);
        encryptButton = new Button(form, SWT.CHECK);
        encryptButton.setText(Messages.Login_encrypt);
        encryptButton.setToolTipText(Messages.Login_encryptTooltip);
        encryptButton.setData(UiIds.WIDGET_ROLE, "encrypt");
        encryptButton.addListener(SWT.Selection, e -> {
            encryptChosen = true;
            setErrorMessage(null); // an error about the other transport no longer applies
            showTransportWarning();
        });
        chooseTransport();

        serverCombo.addListener(SWT.Modify, e -> {
            lookUpPassword();
            chooseTransport();
        });
        userText.addListener(SWT.Modify, e -> lookUpPassword());
        passwordText.addListener(SWT.Modify, e -> {
            if (!filling) {
                filledFor = null;
            }
        });
        lookUpPassword();
        if (initialPassword != null) {
            passwordText.setText(initialPassword);
        }
        (initialUser == null || initialUser.isEmpty() ? userText : serverCombo).setFocus();
        return area;
    }

    private static Text field(Composite parent, String label, String role, int style) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, style);
        text.setData(UiIds.WIDGET_ROLE, role);
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(text);
        return text;
    }

    /** Ticks "Encrypt" unless the user chose plain TCP for this server before (and did not change it here). */
    private void chooseTransport() {
        if (!encryptChosen) {
            String server = normalisedServer();
            encryptButton.setSelection(server == null || !preferences.isPlaintext(server));
            showTransportWarning();
        }
    }

    private void showTransportWarning() {
        if (connecting || getErrorMessage() != null) {
            return;
        }
        if (encryptButton.getSelection()) {
            setMessage(Messages.Login_message);
        } else {
            setMessage(Messages.Login_notEncrypted, IMessageProvider.WARNING);
        }
    }

    /** Fills in the remembered password of the server and user now in the fields, if there is one. */
    private void lookUpPassword() {
        String server = normalisedServer();
        String user = userText.getText().strip();
        String login = user + "@" + server;
        boolean remembered = server != null && !user.isEmpty() && preferences.isPasswordRemembered(server, user);
        if (filledFor != null && !filledFor.equals(login)) {
            fillPassword("", null);
        }
        if (remembered) {
            rememberButton.setSelection(true);
            autoTicked = true;
        } else if (autoTicked) {
            rememberButton.setSelection(false);
            autoTicked = false;
        }
        if (remembered && !login.equals(filledFor) && passwordText.getText().isEmpty()) {
            vault.load(server, user, password -> {
                boolean stillWanted = !passwordText.isDisposed() && login.equals(currentLogin()) && passwordText.getText().isEmpty();
                if (stillWanted && password != null) {
                    fillPassword(password, login);
                }
            });
        }
    }

    private void fillPassword(String password, String login) {
        filling = true;
        passwordText.setText(password);
        filling = false;
        filledFor = login;
    }

    private String currentLogin() {
        return userText.getText().strip() + "@" + normalisedServer();
    }

    /** The server field as "host:port", or null while it is not a valid address. */
    private String normalisedServer() {
        try {
            return ServerAddress.parse(serverCombo.getText()).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.Login_connect, true).setData(UiIds.WIDGET_ROLE, "connect");
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
            server = ServerAddress.parse(serverCombo.getText());
        } catch (IllegalArgumentException e) {
            setErrorMessage(NLS.bind(Messages.Login_badServer, e.getMessage()));
            serverCombo.setFocus();
            return;
        }
        String user = userText.getText().strip();
        if (user.isEmpty()) {
            setErrorMessage(Messages.Login_noUser);
            userText.setFocus();
            return;
        }
        String password = passwordText.getText();
        if (password.isEmpty()) {
            setErrorMessage(Messages.Login_passwordMissing);
            passwordText.setFocus();
            return;
        }
        boolean remember = rememberButton.getSelection();
        boolean plaintext = !encryptButton.getSelection();
        setConnecting(true);
        setErrorMessage(null);
        setMessage(NLS.bind(Messages.Login_connecting, server), IMessageProvider.INFORMATION);
        client.setTransport(plaintext ? Transport.PLAINTEXT : Transport.TLS);
        client.connect(server, user, password).whenCompleteAsync((ok, error) -> {
            if (getShell() == null || getShell().isDisposed()) {
                return;
            }
            setConnecting(false);
            if (error == null) {
                remember(server.toString(), user, password, remember, plaintext);
                setReturnCode(OK);
                close();
            } else {
                failed(ChatException.of(error));
            }
        }, new UiExecutor(getShell().getDisplay()));
    }

    private void failed(ChatException failure) {
        setMessage(Messages.Login_message);
        if (failure instanceof UntrustedServerException untrusted) {
            if (untrusted.changed()) {
                CertificateDialogs.showChanged(getShell(), untrusted);
                setErrorMessage(Messages.Login_certificateChanged);
            } else if (CertificateDialogs.confirmNew(getShell(), untrusted)) {
                client.knownServers().pin(untrusted.server(), untrusted.presented());
                okPressed();
            } else {
                setErrorMessage(Messages.Login_certificateNotTrusted);
            }
        } else if (failure.is(ChatException.TRANSPORT_MISMATCH)) {
            setErrorMessage(NLS.bind(encryptButton.getSelection() ? Messages.Login_serverNotTls : Messages.Login_serverNeedsTls,
                failure.getMessage()));
        } else {
            setErrorMessage(failure.getMessage());
        }
    }

    /** After a successful login: the server, name and transport for next time, and the password only if asked to. */
    private void remember(String server, String user, String password, boolean rememberPassword, boolean plaintext) {
        boolean keep = rememberPassword && password != null;
        boolean wasKept = preferences.isPasswordRemembered(server, user);
        preferences.loginSucceeded(server, user, keep, plaintext);
        if (keep) {
            vault.save(server, user, password);
        } else if (wasKept) {
            vault.forget(server, user);
        }
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
        serverCombo.setEnabled(!value);
        userText.setEnabled(!value);
        passwordText.setEnabled(!value);
        rememberButton.setEnabled(!value);
        encryptButton.setEnabled(!value);
        getButton(IDialogConstants.OK_ID).setEnabled(!value);
    }
}
