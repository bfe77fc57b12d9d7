package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.dialogShowing;
import static org.chatnow.app.tests.Workbench.doubleClick;
import static org.chatnow.app.tests.Workbench.find;
import static org.chatnow.app.tests.Workbench.labels;
import static org.chatnow.app.tests.Workbench.mouseClick;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.shell;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
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
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.UiIds;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Carol's session in the real workbench against a real server, with bob on a headless client: the login dialog
 * remembers, private chats start from the users view (never with yourself), the lobby tab counts what she missed,
 * a notification tells her about a message she cannot see, and a second login of her name takes over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatWorkbenchTest {
    private static final String WARNING = "You cannot start a private chat with yourself.";
    private static ServerProcess server;
    private static String address;
    private static ChatClient bob;
    private static final List<ChatClient> others = new ArrayList<>();
    private static IWorkbenchWindow window;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(java.nio.file.Files.createTempDirectory("chatnow-workbench-test"), "--tls");
        address = "127.0.0.1:" + server.port();
        window = Workbench.window();
        Session.prepare(ChatUi.client(), server);
        run(() -> {
            ChatUi.client().disconnect();
            window.getShell().forceActive();
        });
    }

    @AfterAll
    static void stop() {
        others.forEach(ChatClient::close);
        run(() -> ChatUi.client().disconnect());
        server.close();
    }

    private static ChatClient headless(String name) throws Exception {
        ChatClient client = Session.clientFor(server);
        others.add(client);
        client.connect(ServerAddress.parse(address), name, "password-of-" + name).get(10, TimeUnit.SECONDS);
        return client;
    }

    private static Shell openLoginDialog() throws InterruptedException {
        // the dialog is modal: open it from an asyncExec so this thread can drive it
        Workbench.display().asyncExec(() -> Commands.execute(window, UiIds.COMMAND_CONNECT, Map.of()));
        return waitFor("the login dialog", () -> {
            Shell dialog = shell("loginDialog");
            return dialog != null && dialog.isVisible() ? dialog : null;
        }, s -> s != null);
    }

    private static String status() {
        return ui(() -> ((org.eclipse.swt.custom.CLabel) one(window.getShell(), "connectionStatus")).getText());
    }

    /** The people in the users view as shown. */
    private static List<String> userRows() {
        return ui(() -> Workbench.section(one(window.getShell(), "users"), "People"));
    }

    private static IWorkbenchPage page() {
        return ui(() -> window.getActivePage());
    }

    /** The tab titles of the open conversations, as the user reads them. */
    private static List<String> tabs() {
        return ui(() -> Arrays.stream(window.getActivePage().getEditorReferences()).map(IEditorReference::getTitle).toList());
    }

    private static IEditorPart editorTitled(String prefix) {
        return ui(() -> Arrays.stream(window.getActivePage().getEditorReferences())
            .filter(r -> r.getTitle().equals(prefix) || r.getTitle().startsWith(prefix + " ("))
            .map(r -> r.getEditor(true)).findFirst().orElse(null));
    }

    private static String activeTitle() {
        return ui(() -> {
            IEditorPart editor = window.getActivePage().getActiveEditor();
            return editor == null ? null : editor.getTitle();
        });
    }

    @Test
    @Order(1)
    void loginDialogRemembersServerUserAndAskedForPassword() throws Exception {
        Shell dialog = openLoginDialog();
        run(() -> {
            ((Combo) one(dialog, "server")).setText(address);
            ((Text) one(dialog, "user")).setText("carol");
            ((Text) one(dialog, "password")).setText("password-of-carol");
            Button remember = one(dialog, "rememberPassword");
            remember.setSelection(true);
            click(one(dialog, "connect"));
        });
        waitFor("the dialog to close after login", dialog::isDisposed, Boolean.TRUE::equals);
        waitFor("the status line to show carol online", ChatWorkbenchTest::status, s -> s.contains("Online as carol @ " + address));

        run(() -> Commands.execute(window, UiIds.COMMAND_DISCONNECT, Map.of()));
        String status = waitFor("the status line after Disconnect", ChatWorkbenchTest::status, s -> s.contains("Disconnected"));
        assertTrue(status.contains("you logged out"), status);

        Shell again = openLoginDialog();
        assertEquals(address, ui(() -> ((Combo) one(again, "server")).getText()), "the last server is offered first");
        assertEquals(address, ui(() -> ((Combo) one(again, "server")).getItem(0)));
        assertEquals("carol", ui(() -> ((Text) one(again, "user")).getText()), "the last user name is filled in");
        assertTrue(ui(() -> ((Button) one(again, "rememberPassword")).getSelection()));
        waitFor("the remembered password from secure storage", () -> ((Text) one(again, "password")).getText(), "password-of-carol"::equals);
        run(() -> click(one(again, "connect")));
        waitFor("the dialog to close after the second login", again::isDisposed, Boolean.TRUE::equals);
        waitFor("carol online again", ChatWorkbenchTest::status, s -> s.contains("Online as carol"));
        waitFor("the group chat editor", ChatWorkbenchTest::activeTitle, t -> "#lobby".equals(t));
    }

    @Test
    @Order(2)
    void doubleClickOnYourselfWarnsAndOpensNothing() throws Exception {
        waitFor("carol in the users view", ChatWorkbenchTest::userRows, rows -> rows.contains("carol (you)"));
        Tree users = ui(() -> one(window.getShell(), "users"));
        List<String> before = tabs();
        Workbench.display().asyncExec(() -> doubleClick(users, "carol (you)"));
        Shell warning = waitFor("the warning dialog", () -> dialogShowing(WARNING), s -> s != null);
        run(warning::close);
        assertEquals(before, tabs(), "no conversation opened");
        assertFalse(tabs().stream().anyMatch(t -> t.startsWith("@carol")));
    }

    @Test
    @Order(3)
    void doubleClickOnAnotherUserOpensThePrivateConversation() throws Exception {
        bob = headless("bob");
        waitFor("bob in the users view", ChatWorkbenchTest::userRows, rows -> rows.contains("bob"));
        Tree users = ui(() -> one(window.getShell(), "users"));
        run(() -> doubleClick(users, "bob"));
        waitFor("the private conversation with bob in front", ChatWorkbenchTest::activeTitle, "@bob"::equals);
        String header = ui(() -> ((Label) one(window.getShell(), "conversationHeader")).getText());
        assertEquals("Private conversation with bob \u2014 only you two see it", header);
        assertEquals(1, tabs().stream().filter("@bob"::equals).count());
        // a conversation nobody has written in yet simply has no history: no error about loading it
        waitFor("the new conversation says it is empty", () -> ui(() -> find(window.getShell(), "transcript").stream()
            .map(c -> ((StyledText) c).getText()).toList()), texts -> texts.stream().anyMatch(t -> t.contains("No messages yet.")));
        List<String> texts = ui(() -> find(window.getShell(), "transcript").stream().map(c -> ((StyledText) c).getText()).toList());
        assertTrue(texts.stream().noneMatch(t -> t.contains("Could not load")), texts.toString());
    }

    @Test
    @Order(4)
    void lobbyMessagesWhileAnotherEditorIsActiveAreCountedUntilActivated() throws Exception {
        assertEquals("@bob", activeTitle());
        bob.send(Conversations.LOBBY, "anyone around?").get(10, TimeUnit.SECONDS);
        waitFor("an unread count on the lobby tab", ChatWorkbenchTest::tabs, t -> t.contains("#lobby (1)"));
        bob.send(Conversations.LOBBY, "the build is green again").get(10, TimeUnit.SECONDS);
        waitFor("two unread", ChatWorkbenchTest::tabs, t -> t.contains("#lobby (2)"));

        IEditorPart lobby = editorTitled("#lobby");
        run(() -> page().activate(lobby));
        waitFor("the count cleared on activation", ChatWorkbenchTest::tabs, t -> t.contains("#lobby"));
        String transcript = ui(() -> find(window.getShell(), "transcript").stream().map(c -> ((StyledText) c).getText())
            .filter(t -> t.contains("anyone around?")).findFirst().orElse(""));
        assertTrue(transcript.contains("bob: the build is green again"), transcript);
    }

    @Test
    @Order(5)
    void thousandsOfMessagesAppendWithoutSlowingDown() throws Exception {
        int count = 2_000;
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<Long>> sent = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            sent.add(bob.send(Conversations.LOBBY, "message " + i + " of " + count + (i % 10 == 0 ? "\nsecond line of " + i : "")));
        }
        for (var f : sent) {
            f.get(20, TimeUnit.SECONDS);
        }
        waitFor("the last of " + count + " messages in the transcript", 60_000, () -> {
            StyledText transcript = one(window.getShell(), "transcript");
            return transcript.getText().endsWith("bob: message " + count + " of " + count + "\nsecond line of " + count);
        }, Boolean.TRUE::equals);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // appending cost once grew with the transcript (2,000 messages took about a minute); now it takes seconds,
        // with room left for a busy build machine
        assertTrue(millis < 30_000, count + " messages took " + millis + " ms");
        if (ui(() -> Workbench.display().getActiveShell() == window.getShell())) {
            assertEquals("#lobby", activeTitle(), "messages in the conversation in front of an active window are not unread");
        }
        run(() -> page().activate(editorTitled("#lobby")));
    }

    @Test
    @Order(6)
    void theChatFontFollowsThePreferenceLive() throws Exception {
        // what the Chat preference page stores when the user picks a font and presses Apply
        ScopedPreferenceStore chat = ui(() -> new ScopedPreferenceStore(InstanceScope.INSTANCE, "org.chatnow.ui.chat"));
        run(() -> PreferenceConverter.setValue(chat, "chatFont", new FontData("Serif", 17, SWT.NORMAL)));
        try {
            waitFor("the transcript in the new font", () -> ((StyledText) one(window.getShell(), "transcript")).getFont().getFontData()[0],
                f -> f.getHeight() == 17);
            assertEquals(17, ui(() -> ((StyledText) one(window.getShell(), "input")).getFont().getFontData()[0].getHeight()));
        } finally {
            run(() -> chat.setToDefault("chatFont"));
        }
        waitFor("the default font again", () -> ((StyledText) one(window.getShell(), "transcript")).getFont().getFontData()[0],
            f -> f.getHeight() != 17);
    }

    @Test
    @Order(7)
    void aMentionInAHiddenConversationShowsANotificationThatOpensIt() throws Exception {
        run(() -> page().activate(editorTitled("@bob")));
        waitFor("the private conversation in front", ChatWorkbenchTest::activeTitle, "@bob"::equals);
        bob.send(Conversations.LOBBY, "carol, lunch at https://example.org/menu ?").get(10, TimeUnit.SECONDS);

        Shell popup = waitFor("a notification about the mention", () -> {
            for (Shell s : Workbench.display().getShells()) {
                if (!s.isDisposed() && s.isVisible() && "notification".equals(s.getData(UiIds.WIDGET_ROLE))
                    && labels(s).contains("bob mentioned you in #lobby")) {
                    return s;
                }
            }
            return null;
        }, s -> s != null);
        assertEquals("carol, lunch at https://example.org/menu ?", ui(() -> ((StyledText) one(popup, "notificationText")).getText()));

        run(() -> mouseClick(one(popup, "notificationText")));
        waitFor("the lobby in front after clicking the notification", ChatWorkbenchTest::activeTitle, "#lobby"::equals);
        waitFor("the notification gone", popup::isDisposed, Boolean.TRUE::equals);

        // a screenshot sent privately, then emoji: named as the conversation names them, and drawn as pictures;
        // notifications of earlier tests (other servers, the same names) may still be showing: close them first
        run(() -> {
            for (Shell s : Workbench.display().getShells()) {
                if (!s.isDisposed() && "notification".equals(s.getData(UiIds.WIDGET_ROLE))) {
                    s.close();
                }
            }
        });
        String screenshot = "d541131f/Screenshot 2026-12-03 at 10.00.00.png";
        bob.send(Conversations.direct("bob", "carol"), "\uD83D\uDCCE Screenshot 2026-12-03 at 10.00.00.png (95.9 KB) "
            + FileLinks.link(screenshot) + " \uD83D\uDC4D\uD83C\uDF89").get(10, TimeUnit.SECONDS);
        Shell note = waitFor("a notification about the private message", () -> {
            for (Shell s : Workbench.display().getShells()) {
                if (!s.isDisposed() && s.isVisible() && "notification".equals(s.getData(UiIds.WIDGET_ROLE))
                    && labels(s).contains("Private message from bob")
                    && ((StyledText) one(s, "notificationText")).getText().contains("Screenshot")) {
                    return s;
                }
            }
            return null;
        }, s -> s != null);
        StyledText shown = ui(() -> one(note, "notificationText"));
        assertEquals("\uD83D\uDCCE Screenshot 2026-12-03 at 10.00.00.png (95.9 KB) \uD83D\uDC4D\uD83C\uDF89", ui(shown::getText),
            "the file named as in the conversation, without its raw link");
        List<String> pictures = ui(() -> java.util.Arrays.stream(shown.getStyleRanges())
            .filter(r -> r.metrics != null && r.metrics.width > 0 && r.data instanceof InlinePictures.Picture)
            .map(r -> r.start + ":" + ((InlinePictures.Picture) r.data).key()).toList());
        String thumbsUp = ui(() -> ChatUi.inlineImages() == null ? null : "1f44d");
        assertTrue(pictures.contains("0:" + InlinePictures.PAPERCLIP_KEY), "the paperclip is drawn, not a font's glyph: " + pictures);
        if (thumbsUp != null) {
            int at = ui(shown::getText).indexOf("\uD83D\uDC4D");
            assertTrue(pictures.contains(at + ":1f44d") && pictures.contains((at + 2) + ":1f389"),
                "the emoji service draws the emoji: " + pictures);
        }
        run(() -> ((Shell) note).close());
    }

    @Test
    @Order(8)
    void windowUsersOnlineShowsAndHidesTheView() throws Exception {
        assertTrue(usersOnlineItemChecked(), "checked while the view is open");
        run(() -> Commands.execute(window, "org.chatnow.ui.users.toggleView", Map.of()));
        waitFor("the users view closed", () -> window.getActivePage().findView(UiIds.VIEW_USERS), v -> v == null);
        assertFalse(usersOnlineItemChecked(), "unchecked once the view is closed");
        run(() -> Commands.execute(window, "org.chatnow.ui.users.toggleView", Map.of()));
        waitFor("the users view back", () -> window.getActivePage().findView(UiIds.VIEW_USERS), v -> v != null);
        assertTrue(usersOnlineItemChecked());
    }

    /** The check mark of Window ▸ Users Online, as the open menu shows it. */
    private static boolean usersOnlineItemChecked() throws InterruptedException {
        return waitFor("Window ▸ Users Online", () -> {
            for (MenuItem top : window.getShell().getMenuBar().getItems()) {
                if (top.getText().replace("&", "").equals("Window") && top.getMenu() != null) {
                    top.getMenu().notifyListeners(SWT.Show, new Event());
                    for (MenuItem item : top.getMenu().getItems()) {
                        if (item.getText().replace("&", "").startsWith("Users Online")) {
                            boolean checked = item.getSelection();
                            top.getMenu().notifyListeners(SWT.Hide, new Event());
                            return checked;
                        }
                    }
                }
            }
            return null;
        }, c -> c != null);
    }

    @Test
    @Order(9)
    void aSecondLoginOfTheSameNameShowsTheTakeover() throws Exception {
        headless("carol");
        Shell dialog = waitFor("the takeover dialog", () -> {
            Shell s = shell("kickedDialog");
            return s != null && s.isVisible() ? s : null;
        }, s -> s != null);
        List<String> texts = ui(() -> labels(dialog));
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("You were disconnected: logged in elsewhere")), texts.toString());
        String status = waitFor("the status line", ChatWorkbenchTest::status, s -> s.contains("Disconnected"));
        assertEquals("\u2716 Disconnected: logged in elsewhere", status);
        assertEquals(ConnectionState.KICKED, ui(() -> ChatUi.client().state()));

        run(dialog::close);
        Thread.sleep(300);
        assertNull(ui(() -> shell("kickedDialog")), "the dialog is shown once");
        assertEquals(ConnectionState.KICKED, ui(() -> ChatUi.client().state()), "no automatic reconnect");
    }
}
