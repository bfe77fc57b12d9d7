package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.Conversations;
import org.chatnow.ui.UiIds;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Tree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Ida's unread messages and read receipts: a private message opens its tab in the background with a count (and the
 * users view counts it too), reading it tells bob, "Seen" appears under her message once bob has read it, and a
 * conversation with unread messages opens with a "New messages" line where they begin.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadPositionsTest {
    private static final String DM = Conversations.direct("bob", "ida");
    private static Session session;
    private static ChatClient bob;
    private static final Map<String, Long> readByIda = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("ida");
        bob = session.headless("bob");
        bob.addListener(new ChatListener() {
            @Override
            public void readReceipt(String conversation, String user, long seq) {
                if (user.equals("ida")) {
                    readByIda.merge(conversation, seq, Math::max);
                }
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

    private static List<String> people() {
        return ui(() -> Workbench.section(Workbench.one(session.window.getShell(), "users"), "People"));
    }

    @Test
    @Order(1)
    void aPrivateMessageOpensABackgroundTabWithItsCount() throws Exception {
        bob.send(DM, "psst, ida").get(10, TimeUnit.SECONDS);
        waitFor("the @bob tab with one unread message", session::tabs, t -> t.contains("@bob (1)"));
        assertEquals("#lobby", session.activeTitle(), "the lobby stays in front");
        assertTrue(ui(() -> session.page().isPartVisible(session.page().getActiveEditor())), "and visible");
        waitFor("bob's unread count in the users view", ReadPositionsTest::people, p -> p.contains("bob (1)"));
        bob.send(DM, "are you there?").get(10, TimeUnit.SECONDS);
        waitFor("two unread", session::tabs, t -> t.contains("@bob (2)"));
        assertFalse(readByIda.containsKey(DM), "nothing read yet");
    }

    @Test
    @Order(2)
    void readingThePrivateConversationMarksItReadAndShowsTheDivider() throws Exception {
        session.activate("@bob");
        waitFor("the count gone from the tab", session::tabs, t -> t.contains("@bob"));
        waitFor("the count gone from the users view", ReadPositionsTest::people, p -> p.contains("bob"));
        waitFor("bob told that ida read both", () -> readByIda.getOrDefault(DM, 0L), seq -> seq == 2L);
        String text = session.transcriptText();
        assertTrue(text.contains("New messages\n"), text);
        assertTrue(text.indexOf("New messages") < text.indexOf("bob: psst, ida"), "the divider stands before the first unread message");
    }

    @Test
    @Order(3)
    void seenAppearsUnderIdasMessageOnceBobHasReadIt() throws Exception {
        run(() -> {
            StyledText input = Workbench.one(session.window.getShell(), "input");
            input.setText("yes, here");
            Workbench.click(Workbench.one(session.window.getShell(), "send"));
        });
        String text = waitFor("ida's message", session::transcriptText, t -> t.contains("ida: yes, here"));
        assertFalse(text.contains("Seen"), "bob has not read it yet");
        waitFor("bob to have ida's message", () -> bob.conversations().stream().filter(c -> c.conversation().equals(DM))
            .findFirst().orElseThrow().lastSeq(), last -> last >= 3);
        bob.markRead(DM, 3);
        text = waitFor("Seen under ida's message", session::transcriptText, t -> t.contains("ida: yes, here\nSeen"));
        assertTrue(text.endsWith("Seen"), text);

        bob.send(DM, "great").get(10, TimeUnit.SECONDS);
        text = waitFor("bob's answer below Seen", session::transcriptText, t -> t.endsWith("bob: great"));
        assertTrue(text.contains("ida: yes, here\nSeen\n"), "Seen stays under the message bob read: " + text);
        waitFor("ida, looking at the conversation, to have read bob's answer", () -> readByIda.getOrDefault(DM, 0L), seq -> seq == 4L);
    }

    @Test
    @Order(4)
    void reopeningAConversationWithUnreadMessagesShowsWhereTheyBegin() throws Exception {
        session.activate("#lobby");
        run(() -> session.page().closeEditor(session.editorTitled("@bob"), false));
        bob.send(DM, "one more thing").get(10, TimeUnit.SECONDS);
        bob.send(DM, "and another").get(10, TimeUnit.SECONDS);
        waitFor("the tab back in the background", session::tabs, t -> t.contains("@bob (2)"));
        session.activate("@bob");
        String text = waitFor("the conversation with its history", session::transcriptText, t -> t.contains("bob: and another"));
        int divider = text.indexOf("New messages");
        assertTrue(divider > text.indexOf("bob: great") && divider < text.indexOf("bob: one more thing"), text);
        assertEquals(1, text.split("New messages", -1).length - 1, "one divider: " + text);
        waitFor("read", session::tabs, t -> t.contains("@bob"));
        Tree users = ui(() -> Workbench.one(session.window.getShell(), "users"));
        assertTrue(ui(() -> Workbench.row(users, "bob").getText()).equals("bob"));
    }
}
