package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.client.Presence;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rooms and presence in jo's workbench: the users view lists her rooms with member counts; a room made with Create
 * Room… opens and carries messages; Join Room… lists the server's rooms; Leave Room closes one; away users are
 * marked, and Chat ▸ Set Away tells the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomsAndPresenceTest {
    private static Session session;
    private static ChatClient bob;
    private static final Map<String, Presence> seenByBob = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("jo");
        bob = session.headless("bob");
        bob.addListener(new ChatListener() {
            @Override
            public void presenceChanged(String user, Presence presence) {
                seenByBob.put(user, presence);
            }
        }, Runnable::run);
        session.logIn();
        session.showView(UiIds.VIEW_USERS);
        session.open(Conversations.LOBBY);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Tree users() {
        return ui(() -> Workbench.one(session.window.getShell(), "users"));
    }

    private static List<String> rooms() {
        return ui(() -> Workbench.section(users(), "Rooms"));
    }

    private static List<String> people() {
        return ui(() -> Workbench.section(users(), "People"));
    }

    /** Runs a command that opens a modal dialog, and returns the dialog's shell once it shows. */
    private static Shell openDialog(String commandId, String role) throws InterruptedException {
        Workbench.display().asyncExec(() -> Commands.execute(session.window, commandId, Map.of()));
        return waitFor("the " + role, () -> {
            Shell dialog = Workbench.shell(role);
            return dialog != null && dialog.isVisible() ? dialog : null;
        }, s -> s != null);
    }

    @Test
    @Order(1)
    void theUsersViewListsTheRoomsWithMemberCounts() throws Exception {
        waitFor("the lobby with its two members", RoomsAndPresenceTest::rooms, r -> r.equals(List.of("#lobby  2 members")));
        waitFor("jo and bob", RoomsAndPresenceTest::people, p -> p.equals(List.of("jo (you)", "bob")));
    }

    @Test
    @Order(2)
    void aRoomCreatedWithTheDialogOpensAndCarriesMessages() throws Exception {
        Shell dialog = openDialog("org.chatnow.ui.users.createRoom", "createRoomDialog");
        run(() -> ((Text) Workbench.one(dialog, "roomName")).setText("Dev"));
        String error = waitFor("the name refused as typed", () -> ((TitleAreaDialog) dialog.getData()).getErrorMessage(), m -> m != null);
        assertTrue(error.contains("lower-case"), error);
        assertFalse(ui(() -> ((Button) Workbench.one(dialog, "createRoom")).isEnabled()));
        run(() -> {
            ((Text) Workbench.one(dialog, "roomName")).setText("dev");
            ((Text) Workbench.one(dialog, "roomTopic")).setText("Builds and bugs");
            click(Workbench.one(dialog, "createRoom"));
        });
        waitFor("the dialog closed", dialog::isDisposed, Boolean.TRUE::equals);
        waitFor("the new room in front", session::activeTitle, "#dev"::equals);
        waitFor("the room in the users view", RoomsAndPresenceTest::rooms, r -> r.contains("#dev  1 member"));
        assertEquals(List.of("#lobby  2 members", "#dev  1 member"), rooms(), "the lobby first");

        run(() -> {
            StyledText input = Workbench.one(session.window.getShell(), "input");
            input.setText("first message in dev");
            click(Workbench.one(session.window.getShell(), "send"));
        });
        waitFor("the message in the room, sent", session::transcriptText, t -> t.contains("jo: first message in dev") && !t.contains("sending\u2026"));
        bob.joinRoom("dev").get(10, TimeUnit.SECONDS);
        List<ChatMessage> history = bob.history(Conversations.room("dev"), 0, 10).get(10, TimeUnit.SECONDS).messages();
        assertEquals("first message in dev", history.get(history.size() - 1).text(), "others read it too");

        // a room of that name cannot be made twice: the dialog says so and stays open
        Shell again = openDialog("org.chatnow.ui.users.createRoom", "createRoomDialog");
        run(() -> {
            ((Text) Workbench.one(again, "roomName")).setText("dev");
            click(Workbench.one(again, "createRoom"));
        });
        String exists = waitFor("the refusal", () -> ((TitleAreaDialog) again.getData()).getErrorMessage(), m -> m != null);
        assertTrue(exists.contains("exists already"), exists);
        run(again::close);
    }

    @Test
    @Order(3)
    void joinRoomListsTheServersRoomsAndOpensTheChosenOne() throws Exception {
        bob.createRoom("ops", "Operations").get(10, TimeUnit.SECONDS);
        bob.send(Conversations.room("ops"), "deploy at five").get(10, TimeUnit.SECONDS);
        Shell dialog = openDialog("org.chatnow.ui.users.joinRoom", "joinRoomDialog");
        Table table = ui(() -> Workbench.one(dialog, "rooms"));
        List<String> listed = waitFor("the server's rooms", () -> Arrays.stream(table.getItems()).map(i -> i.getText(0) + "|" + i.getText(2)).toList(),
            l -> l.size() == 3);
        assertEquals(List.of("#ops|1", "#dev (joined)|2", "#lobby (joined)|2"), listed, "rooms to join first, with member counts");
        run(() -> {
            TableItem ops = table.getItem(0);
            table.setSelection(ops);
            table.notifyListeners(SWT.Selection, new Event());
            click(Workbench.one(dialog, "joinRoom"));
        });
        waitFor("the dialog closed", dialog::isDisposed, Boolean.TRUE::equals);
        waitFor("the room in front", session::activeTitle, "#ops"::equals);
        waitFor("its history", session::transcriptText, t -> t.contains("bob: deploy at five"));
        assertFalse(session.transcriptText().contains("New messages"), "what was said before joining is not unread");
        waitFor("the room in the users view", RoomsAndPresenceTest::rooms, r -> r.contains("#ops  2 members"));
        assertTrue(session.tabs().contains("#ops"), session.tabs().toString());
    }

    @Test
    @Order(4)
    void leaveRoomClosesTheRoom() throws Exception {
        assertEquals("#ops", session.activeTitle());
        Workbench.display().asyncExec(() -> Commands.execute(session.window, "org.chatnow.ui.users.leaveRoom", Map.of()));
        Shell confirm = waitFor("the confirmation", () -> Workbench.dialogShowing(
            "Leave #ops? Its conversation closes; you can join again later with Join Room\u2026"), s -> s != null);
        run(() -> clickButton(confirm, IDialogConstants.OK_LABEL));
        waitFor("the room's editor closed", session::tabs, t -> !t.contains("#ops"));
        waitFor("the room gone from the users view", RoomsAndPresenceTest::rooms, r -> r.equals(List.of("#lobby  2 members", "#dev  2 members")));
        assertEquals(1, bob.rooms().get(10, TimeUnit.SECONDS).stream().filter(r -> r.name().equals("ops")).findFirst().orElseThrow().members(),
            "jo is no longer a member");
    }

    private static void clickButton(Shell dialog, String label) {
        for (org.eclipse.swt.widgets.Control c : all(dialog)) {
            if (c instanceof Button b && b.getText().replace("&", "").equals(label.replace("&", ""))) {
                click(b);
                return;
            }
        }
        throw new AssertionError("no button " + label);
    }

    private static List<org.eclipse.swt.widgets.Control> all(org.eclipse.swt.widgets.Control root) {
        List<org.eclipse.swt.widgets.Control> out = new java.util.ArrayList<>();
        out.add(root);
        if (root instanceof org.eclipse.swt.widgets.Composite c) {
            for (org.eclipse.swt.widgets.Control child : c.getChildren()) {
                out.addAll(all(child));
            }
        }
        return out;
    }

    @Test
    @Order(5)
    void awayUsersAreMarkedAndSetAwayTellsTheOthers() throws Exception {
        Image online = ui(() -> Workbench.row(users(), "bob").getImage());
        assertNotNull(online, "a presence mark");
        bob.setAway(true);
        waitFor("bob marked away", RoomsAndPresenceTest::people, p -> p.contains("bob  away"));
        Image away = ui(() -> Workbench.row(users(), "bob").getImage());
        assertNotEquals(online, away, "another mark for away");
        bob.setAway(false);
        waitFor("bob back", RoomsAndPresenceTest::people, p -> p.contains("bob"));

        assertEquals("Set Away", chatMenuItem("Set Away"));
        run(() -> Commands.execute(session.window, "org.chatnow.ui.users.toggleAway", Map.of()));
        waitFor("bob told that jo is away", () -> seenByBob.get("jo"), p -> p == Presence.AWAY);
        waitFor("jo's own row", RoomsAndPresenceTest::people, p -> p.contains("jo (you)  away"));
        assertEquals("I'm Back", chatMenuItem("I'm Back"));
        run(() -> Commands.execute(session.window, "org.chatnow.ui.users.toggleAway", Map.of()));
        waitFor("bob told that jo is back", () -> seenByBob.get("jo"), p -> p == Presence.ONLINE);
        waitFor("jo's own row", RoomsAndPresenceTest::people, p -> p.contains("jo (you)"));
    }

    /** The text of the Chat menu item that starts with {@code prefix}, as the opened menu shows it. */
    private static String chatMenuItem(String prefix) throws InterruptedException {
        return waitFor("Chat ▸ " + prefix, () -> {
            for (MenuItem top : session.window.getShell().getMenuBar().getItems()) {
                if (top.getText().replace("&", "").equals("Chat") && top.getMenu() != null) {
                    top.getMenu().notifyListeners(SWT.Show, new Event());
                    try {
                        for (MenuItem item : top.getMenu().getItems()) {
                            String text = item.getText().replace("&", "");
                            int tab = text.indexOf('\t');
                            text = tab >= 0 ? text.substring(0, tab) : text;
                            if (text.startsWith(prefix)) {
                                return text;
                            }
                        }
                    } finally {
                        top.getMenu().notifyListeners(SWT.Hide, new Event());
                    }
                }
            }
            return null;
        }, t -> t != null);
    }
}
