package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.Commands;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat ▸ Search Messages: the server's matches of the conversation in front, newest first; a double-click shows one. */
class SearchTest {
    private static Session session;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("jo");
        ChatClient bob = session.headless("bob");
        bob.send(Conversations.LOBBY, "the very first plan").get(10, TimeUnit.SECONDS);
        for (int i = 1; i <= 199; i++) {
            bob.send(Conversations.LOBBY, i % 10 == 0 && i > 160 ? "Deploy " + i + " went out" : "small talk " + i).get(10, TimeUnit.SECONDS);
        }
        session.logIn();
        session.open(Conversations.LOBBY);
        waitFor("the history", session::transcriptText, t -> t.contains("small talk 199"));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void findsMatchesNewestFirstAndShowsOneInTheConversation() throws Exception {
        Workbench.display().asyncExec(() -> Commands.execute(session.window, "org.chatnow.ui.chat.search", Map.of()));
        Shell dialog = waitFor("the search dialog", () -> {
            Shell shell = Workbench.shell("searchDialog");
            return shell != null && shell.isVisible() ? shell : null;
        }, s -> s != null);
        assertEquals("Search #lobby", ui(dialog::getText));
        run(() -> ((Text) one(dialog, "searchText")).setText("DEPLOY"));
        run(() -> click(one(dialog, "searchFind")));
        Table results = ui(() -> one(dialog, "searchResults"));
        waitFor("three results", () -> ui(results::getItemCount), n -> n == 3);
        assertEquals("Deploy 190 went out", ui(() -> results.getItem(0).getText(2)), "newest first");
        assertEquals("bob", ui(() -> results.getItem(0).getText(1)));
        assertEquals("Deploy 170 went out", ui(() -> results.getItem(2).getText(2)));
        assertEquals("3 messages contain \u201cDEPLOY\u201d.", ui(() -> ((Label) one(dialog, "searchStatus")).getText()));

        run(() -> {
            results.setSelection(1);
            Event open = new Event();
            open.item = results.getItem(1);
            results.notifyListeners(SWT.DefaultSelection, open);
        });
        String selected = waitFor("the message selected in the conversation", () -> ui(() -> session.transcript().getSelectionText()),
            t -> t.contains("Deploy 180 went out"));
        assertTrue(selected.contains("bob: Deploy 180 went out"), selected);

        // a match older than what the conversation has loaded: its history is brought in to show it
        assertFalse(session.transcriptText().contains("the very first plan"), "not loaded yet");
        run(() -> ((Text) one(dialog, "searchText")).setText("first plan"));
        run(() -> click(one(dialog, "searchFind")));
        waitFor("one result", () -> ui(results::getItemCount), n -> n == 1);
        run(() -> {
            results.setSelection(0);
            Event open = new Event();
            open.item = results.getItem(0);
            results.notifyListeners(SWT.DefaultSelection, open);
        });
        waitFor("the old message loaded and selected", () -> ui(() -> session.transcript().getSelectionText()),
            t -> t.contains("bob: the very first plan"));
        run(dialog::close);
    }
}
