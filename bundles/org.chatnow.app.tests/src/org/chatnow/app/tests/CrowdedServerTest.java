package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jo on a server with more users online than its presence list limit: the users view shows her contacts and how many
 * are online, and Chat ▸ Private Message To… reaches someone it does not list.
 */
class CrowdedServerTest {
    private static Session session;
    private static List<String> seenByCarol;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("jo", "--presence-list-limit", "2");
        session.headless("bob");
        ChatClient carol = session.headless("carol");
        seenByCarol = Session.received(carol);
        session.logIn();
        session.showView(UiIds.VIEW_USERS);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Tree users() {
        return ui(() -> Workbench.one(session.window.getShell(), "users"));
    }

    private static String peopleHeader() {
        return ui(() -> {
            for (TreeItem top : users().getItems()) {
                if (top.getText().startsWith("People")) {
                    return top.getText();
                }
            }
            return "";
        });
    }

    @Test
    void theViewShowsContactsAndTheCountAndPrivateMessageToReachesAnyone() throws Exception {
        waitFor("the partial list's header", CrowdedServerTest::peopleHeader, h -> h.equals("People (3 online, contacts only)"));
        assertEquals(List.of("jo (you)"), ui(() -> Workbench.section(users(), "People")));

        Workbench.display().asyncExec(() -> Commands.execute(session.window, "org.chatnow.ui.users.privateMessageTo", Map.of()));
        Shell dialog = waitFor("the Private Message To dialog", () -> Workbench.dialogShowing("Private message to (user name):"), s -> s != null);
        run(() -> {
            ((Text) findText(dialog)).setText("carol");
            click(findButton(dialog, IDialogConstants.OK_LABEL));
        });
        String title = Conversations.title(Conversations.direct("carol", "jo"), "jo");
        waitFor("carol's private conversation in front", session::activeTitle, t -> title.equals(t));
        run(() -> {
            StyledText input = one(session.window.getShell(), "input");
            input.setText("found you without the list");
            click(one(session.window.getShell(), "send"));
        });
        waitFor("carol receives it", () -> seenByCarol, s -> s.contains("jo: found you without the list"));
        waitFor("carol is now listed as a contact", () -> ui(() -> Workbench.section(users(), "People")),
            p -> p.equals(List.of("jo (you)", "carol")));
    }

    private static Control findText(Shell dialog) {
        return find(dialog, Text.class, null);
    }

    private static Button findButton(Shell dialog, String label) {
        return (Button) find(dialog, Button.class, label);
    }

    private static Control find(Control control, Class<?> type, String text) {
        if (type.isInstance(control) && (text == null || ((Button) control).getText().replace("&", "").equals(text.replace("&", "")))) {
            return control;
        }
        if (control instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                Control found = find(child, type, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
