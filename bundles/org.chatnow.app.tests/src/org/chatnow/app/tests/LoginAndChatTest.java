package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.shell;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A user's first minutes, in the real workbench against a real server: the login dialog (a failure, then
 * success), the group chat editor, own and others' messages, the online users view and the status line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginAndChatTest {
    private static ServerProcess server;
    private static ChatClient bob;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerProcess.start(Files.createTempDirectory("chatnow-ui-test"), "--tls");
        Session.prepare(ChatUi.client(), server);
    }

    @AfterAll
    static void stop() {
        if (bob != null) {
            bob.close();
        }
        run(() -> ChatUi.client().disconnect());
        server.close();
    }

    private static Shell openLoginDialog(IWorkbenchWindow window) throws InterruptedException {
        // the dialog is modal: open it from an asyncExec so this thread can drive it
        Workbench.display().asyncExec(() -> Commands.execute(window, UiIds.COMMAND_CONNECT, Map.of()));
        return waitFor("the login dialog", () -> {
            Shell dialog = shell("loginDialog");
            return dialog != null && dialog.isVisible() ? dialog : null;
        }, s -> s != null);
    }

    private static void fillIn(Shell dialog, String serverAddress, String user) {
        run(() -> {
            Combo serverText = one(dialog, "server");
            Text userText = one(dialog, "user");
            Text passwordText = one(dialog, "password");
            // right for an existing account and for a new name alike
            assertEquals("Your password; a new name gets this password (4+ characters)", passwordText.getMessage());
            serverText.setText(serverAddress);
            userText.setText(user);
            passwordText.setText("password-of-" + user);
            click(one(dialog, "connect"));
        });
    }

    @Test
    @Order(1)
    void unreachableServerIsExplainedInTheDialog() throws Exception {
        IWorkbenchWindow window = Workbench.window();
        Shell dialog = openLoginDialog(window);
        int closedPort;
        try (java.net.ServerSocket spare = new java.net.ServerSocket(0)) {
            closedPort = spare.getLocalPort();
        }
        fillIn(dialog, "127.0.0.1:" + closedPort, "alice");
        String error = waitFor("an error message in the dialog",
            () -> ((TitleAreaDialog) dialog.getData()).getErrorMessage(), m -> m != null);
        assertTrue(error.contains("cannot reach the server"), error);
        assertTrue(ui(() -> ((Button) one(dialog, "connect")).isEnabled()), "the user can correct and retry");
        assertEquals(ConnectionState.OFFLINE, ui(() -> ChatUi.client().state()));
        run(dialog::close);
    }

    @Test
    @Order(2)
    void logInThroughTheDialogThenChatWithAHeadlessClient() throws Exception {
        IWorkbenchWindow window = Workbench.window();
        Shell dialog = openLoginDialog(window);
        fillIn(dialog, "127.0.0.1:" + server.port(), "alice");
        waitFor("the dialog to close after login", () -> dialog.isDisposed(), Boolean.TRUE::equals);

        IEditorPart editor = waitFor("the group chat editor", () -> window.getActivePage().getActiveEditor(),
            e -> e != null && e.getTitle().equals(Conversations.title(Conversations.LOBBY)));
        Shell shell = window.getShell();

        run(() -> {
            StyledText input = one(shell, "input");
            input.setText("hello from the workbench");
            click(one(shell, "send"));
        });
        waitFor("own message in the transcript", () -> ((StyledText) one(shell, "transcript")).getText(),
            t -> t.contains("alice: hello from the workbench") && !t.contains("sending\u2026"));
        assertEquals("", ui(() -> ((StyledText) one(shell, "input")).getText()), "the input is cleared after sending");

        bob = Session.clientFor(server);
        bob.connect(new ServerAddress("127.0.0.1", server.port()), "bob", "password-of-bob").get(10, TimeUnit.SECONDS);
        bob.send(Conversations.LOBBY, "hi alice, bob here").get(10, TimeUnit.SECONDS);
        String transcript = waitFor("bob's message in the transcript",
            () -> ((StyledText) one(shell, "transcript")).getText(), t -> t.contains("bob: hi alice, bob here"));
        assertTrue(transcript.indexOf("alice: hello") < transcript.indexOf("bob: hi alice"), "in order");

        List<String> users = waitFor("alice and bob in the users view", () -> Workbench.section(one(shell, "users"), "People"),
            u -> u.size() == 2);
        assertEquals(List.of("alice (you)", "bob"), users);
        String status = ui(() -> ((org.eclipse.swt.custom.CLabel) one(shell, "connectionStatus")).getText());
        assertTrue(status.contains("Online as alice"), status);

        bob.disconnect();
        waitFor("bob gone from the users view", () -> Workbench.section(one(shell, "users"), "People"), u -> u.equals(List.of("alice (you)")));
        assertEquals(editor, ui(() -> window.getActivePage().getActiveEditor()));
    }
}
