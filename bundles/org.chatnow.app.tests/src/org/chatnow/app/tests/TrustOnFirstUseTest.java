package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.button;
import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.shell;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.chatnow.client.ConnectionState;
import org.chatnow.client.ServerAddress;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Trust on first use in the workbench, against real servers: a TLS server with a self-signed certificate, whose
 * fingerprint the user checks in a dialog the first time; the same server later with another certificate, refused
 * with both fingerprints; the pin forgotten in Preferences; and a plain TCP server, which the status line names
 * "not encrypted".
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustOnFirstUseTest {
    private static ServerProcess tlsServer;
    private static ServerProcess plainServer;
    private static ServerAddress tlsAddress;
    private static String firstFingerprint;
    private static String secondFingerprint;
    private static IWorkbenchWindow window;

    @BeforeAll
    static void start() throws Exception {
        tlsServer = ServerProcess.start(Files.createTempDirectory("chatnow-tofu"), "--tls");
        plainServer = ServerProcess.start(Files.createTempDirectory("chatnow-plain"));
        tlsAddress = new ServerAddress("127.0.0.1", tlsServer.port());
        firstFingerprint = tlsServer.tlsFingerprint();
        window = Workbench.window();
        run(() -> {
            ChatUi.client().disconnect();
            window.getActivePage().closeAllEditors(false);
            window.getShell().forceActive();
        });
    }

    @AfterAll
    static void stop() {
        // a failed step may leave a dialog open: it would block the tests that follow
        run(() -> {
            for (String role : List.of("newCertificateDialog", "changedCertificateDialog", "loginDialog")) {
                Shell s = shell(role);
                if (s != null) {
                    s.close();
                }
            }
            for (Shell s : Workbench.display().getShells()) {
                if (!s.isDisposed() && !Workbench.find(s, "pinnedCertificates").isEmpty()) {
                    s.close();
                }
            }
        });
        run(() -> ChatUi.client().disconnect());
        tlsServer.close();
        plainServer.close();
    }

    private static Shell openLoginDialog() throws InterruptedException {
        Workbench.display().asyncExec(() -> Commands.execute(window, UiIds.COMMAND_CONNECT, Map.of()));
        return visible("loginDialog");
    }

    private static Shell visible(String role) throws InterruptedException {
        return waitFor("the " + role, () -> {
            Shell found = shell(role);
            return found != null && found.isVisible() ? found : null;
        }, s -> s != null);
    }

    private static void fillIn(Shell dialog, String server, String user) {
        run(() -> {
            ((Combo) one(dialog, "server")).setText(server);
            ((Text) one(dialog, "user")).setText(user);
            ((Text) one(dialog, "password")).setText("password-of-" + user);
        });
    }

    private static void connect(Shell dialog) {
        Workbench.display().asyncExec(() -> click(one(dialog, "connect")));
    }

    private static void press(Shell dialog, String label) {
        Workbench.display().asyncExec(() -> click(button(dialog, label)));
    }

    private static String errorOf(Shell dialog) throws InterruptedException {
        return waitFor("an error in the login dialog", () -> ((TitleAreaDialog) dialog.getData()).getErrorMessage(), m -> m != null);
    }

    private static CLabel status() {
        return ui(() -> one(window.getShell(), "connectionStatus"));
    }

    private static String statusText() {
        return ui(() -> status().getText());
    }

    @Test
    @Order(1)
    void theFirstConnectionShowsTheFingerprintAndConnectsOnlyOnceTrusted() throws Exception {
        Shell login = openLoginDialog();
        fillIn(login, tlsAddress.toString(), "tina");
        assertTrue(ui(() -> ((Button) one(login, "encrypt")).getSelection()), "encrypted unless the user says otherwise");
        connect(login);

        Shell ask = visible("newCertificateDialog");
        assertEquals(firstFingerprint, ui(() -> ((Text) one(ask, "presentedFingerprint")).getText()),
            "the dialog shows the fingerprint the server printed when it started");
        press(ask, "Cancel");
        assertTrue(errorOf(login).contains("did not trust"), "refused: " + errorOf(login));
        assertEquals(ConnectionState.OFFLINE, ChatUi.client().state());
        assertNull(ChatUi.client().knownServers().pinned(tlsAddress), "nothing is remembered without being asked");

        connect(login);
        press(visible("newCertificateDialog"), "Trust and Connect");
        waitFor("the login dialog to close", login::isDisposed, Boolean.TRUE::equals);
        waitFor("tina online", TrustOnFirstUseTest::statusText, s -> s.contains("Online as tina"));
        assertFalse(statusText().contains("not encrypted"), statusText());
        String tooltip = ui(() -> status().getToolTipText());
        assertTrue(tooltip.contains("Encrypted: TLSv1.3") && tooltip.contains(firstFingerprint + " (pinned)"), tooltip);
        assertEquals(firstFingerprint, ChatUi.client().knownServers().pinned(tlsAddress));
    }

    @Test
    @Order(2)
    void aChangedCertificateIsRefusedWithBothFingerprints() throws Exception {
        tlsServer.kill();
        waitFor("the workbench reconnecting", () -> ChatUi.client().state(), s -> s == ConnectionState.RECONNECTING);
        try (var files = Files.walk(tlsServer.dataDirectory().resolve("tls"))) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        tlsServer.restart(); // the same address, a new self-signed certificate
        secondFingerprint = tlsServer.tlsFingerprint();
        assertNotEquals(firstFingerprint, secondFingerprint);

        Shell refused = waitFor("the changed-certificate dialog after the automatic reconnect", 60_000, () -> {
            Shell found = shell("changedCertificateDialog");
            return found != null && found.isVisible() ? found : null;
        }, s -> s != null);
        assertEquals(firstFingerprint, ui(() -> ((Text) one(refused, "pinnedFingerprint")).getText()));
        assertEquals(secondFingerprint, ui(() -> ((Text) one(refused, "presentedFingerprint")).getText()));
        assertEquals(ConnectionState.OFFLINE, ChatUi.client().state(), "the client stops instead of retrying");
        press(refused, "Close");
        waitFor("the dialog closed", refused::isDisposed, Boolean.TRUE::equals);
        assertTrue(statusText().contains("Offline"), statusText());

        Shell login = openLoginDialog();
        fillIn(login, tlsAddress.toString(), "tina");
        connect(login);
        Shell again = visible("changedCertificateDialog");
        press(again, "Close");
        assertTrue(errorOf(login).contains("has changed"), errorOf(login));
        assertEquals(firstFingerprint, ChatUi.client().knownServers().pinned(tlsAddress), "a changed certificate is never pinned by itself");
        run(login::close);
    }

    @Test
    @Order(3)
    void forgettingTheCertificateInPreferencesAsksAgain() throws Exception {
        Workbench.display().asyncExec(() -> PreferencesUtil.createPreferenceDialogOn(window.getShell(),
            "org.chatnow.ui.connection.preferencePage", null, null).open());
        org.eclipse.swt.widgets.List pins = waitFor("the trusted certificates in Preferences", () -> {
            for (Shell s : Workbench.display().getShells()) {
                List<org.eclipse.swt.widgets.List> found = Workbench.find(s, "pinnedCertificates");
                if (!found.isEmpty()) {
                    return found.get(0);
                }
            }
            return null;
        }, l -> l != null);
        String line = tlsAddress + "  " + firstFingerprint;
        assertTrue(ui(() -> List.of(pins.getItems()).contains(line)), ui(() -> List.of(pins.getItems()).toString()));
        run(() -> {
            pins.setSelection(List.of(pins.getItems()).indexOf(line));
            pins.notifyListeners(SWT.Selection, new Event());
            click(one(pins.getShell(), "forgetCertificate"));
        });
        assertFalse(ui(() -> List.of(pins.getItems()).contains(line)));
        Shell preferences = ui(pins::getShell);
        run(preferences::close);
        assertNull(ChatUi.client().knownServers().pinned(tlsAddress));

        Shell login = openLoginDialog();
        fillIn(login, tlsAddress.toString(), "tina");
        connect(login);
        Shell ask = visible("newCertificateDialog");
        assertEquals(secondFingerprint, ui(() -> ((Text) one(ask, "presentedFingerprint")).getText()));
        press(ask, "Trust and Connect");
        waitFor("tina online with the new certificate", TrustOnFirstUseTest::statusText, s -> s.contains("Online as tina"));
        assertEquals(secondFingerprint, ChatUi.client().knownServers().pinned(tlsAddress));
    }

    @Test
    @Order(4)
    void aPlainTcpServerIsNamedNotEncrypted() throws Exception {
        run(() -> ChatUi.client().disconnect());
        String plain = "127.0.0.1:" + plainServer.port();
        Shell login = openLoginDialog();
        fillIn(login, plain, "pat");
        connect(login);
        assertTrue(errorOf(login).contains("untick \"Encrypt the connection\""), errorOf(login));

        run(() -> {
            Button encrypt = one(login, "encrypt");
            encrypt.setSelection(false);
            encrypt.notifyListeners(SWT.Selection, new Event());
        });
        assertNull(ui(() -> ((TitleAreaDialog) login.getData()).getErrorMessage()), "the error about TLS no longer applies");
        assertTrue(ui(() -> ((TitleAreaDialog) login.getData()).getMessage()).startsWith("Not encrypted"));
        connect(login);
        waitFor("the login dialog to close", login::isDisposed, Boolean.TRUE::equals);
        String status = waitFor("pat online", TrustOnFirstUseTest::statusText, s -> s.contains("Online as pat"));
        assertTrue(status.endsWith("not encrypted"), status);
        assertNotNull(ui(() -> status().getImage()), "with a warning sign");
        assertTrue(ui(() -> status().getToolTipText()).contains("Not encrypted"), ui(() -> status().getToolTipText()));

        run(() -> ChatUi.client().disconnect());
        Shell again = openLoginDialog();
        assertEquals(plain, ui(() -> ((Combo) one(again, "server")).getText()));
        assertFalse(ui(() -> ((Button) one(again, "encrypt")).getSelection()), "the choice for this server is remembered");
        run(() -> ((Combo) one(again, "server")).setText(tlsAddress.toString()));
        assertTrue(ui(() -> ((Button) one(again, "encrypt")).getSelection()), "other servers stay encrypted");
        run(again::close);
    }
}
