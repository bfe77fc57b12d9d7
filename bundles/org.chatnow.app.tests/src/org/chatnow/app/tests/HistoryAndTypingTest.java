package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.ui.UiIds;
import org.eclipse.swt.custom.StyledText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lobby as hana sees it after 300 messages were written before she first logged in: the newest page of history
 * on opening, older pages when she scrolls up (the message she looked at staying where it was), and the line that
 * says who is typing, both ways.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryAndTypingTest {
    private static final int WRITTEN = 300;
    private static Session session;
    private static ChatClient bob;
    private static ChatClient carol;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("hana");
        bob = session.headless("bob");
        carol = session.headless("carol");
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (int i = 1; i <= WRITTEN; i++) {
            sent.add(bob.send(Conversations.LOBBY, "history message " + i + " of " + WRITTEN));
        }
        for (CompletableFuture<Long> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        session.logIn();
        session.open(Conversations.LOBBY);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static String line(int seq) {
        return "bob: history message " + seq + " of " + WRITTEN;
    }

    @Test
    @Order(1)
    void theNewestPageOfHistoryAppearsOnOpening() throws Exception {
        String text = waitFor("the newest messages from the server's history", session::transcriptText, t -> t.contains(line(WRITTEN)));
        assertTrue(text.contains(line(WRITTEN - 49)), "a page of 50");
        assertFalse(text.contains(line(WRITTEN - 50) + "\n"), "only the newest page, while the view is full");
        assertTrue(text.indexOf(line(WRITTEN - 1)) < text.indexOf(line(WRITTEN)), "oldest first");
        assertTrue(ui(() -> session.transcript().getTopIndex() > 1), "the view is at the newest message");
    }

    @Test
    @Order(2)
    void scrollingUpLoadsOlderPagesAndKeepsTheViewStill() throws Exception {
        StyledText transcript = session.transcript();
        String firstShown = line(WRITTEN - 49);
        // scroll to the top: the banner line comes into view and the previous page loads
        int before = ui(() -> {
            transcript.setTopIndex(0);
            return transcript.getLinePixel(lineOf(transcript, firstShown));
        });
        waitFor("the previous page above", () -> transcript.getText(), t -> t.contains(line(WRITTEN - 50) + "\n"));
        int after = ui(() -> transcript.getLinePixel(lineOf(transcript, firstShown)));
        assertEquals(before, after, 2, "the message at the top of the view stays where it was");
        assertTrue(ui(() -> transcript.getTopIndex() > 1), "the older messages are above the view, not in it");

        // all the way up, page after page, to the beginning
        waitFor("the first message, after scrolling up repeatedly", 60_000, () -> {
            transcript.setTopIndex(0);
            return transcript.getText();
        }, t -> t.contains(line(1) + "\n"));
        String text = waitFor("the beginning of the conversation", session::transcriptText,
            t -> t.startsWith("This is the beginning of the conversation."));
        for (int i = 1; i <= WRITTEN; i++) {
            assertEquals(1, count(text, line(i) + (i == WRITTEN ? "" : "\n")), "message " + i + " once");
        }
        assertEquals(1, count(text, "\nToday\n"), "one day line for the day, across all pages");
        assertTrue(text.indexOf("\nToday\n") < text.indexOf(line(1)));
    }

    private static int lineOf(StyledText transcript, String text) {
        for (int i = 0; i < transcript.getLineCount(); i++) {
            if (transcript.getLine(i).endsWith(text)) {
                return i;
            }
        }
        throw new AssertionError("no line " + text);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    @Order(3)
    void theTypingLineSaysWhoIsTypingAndClearsItself() throws Exception {
        assertEquals("", session.typingLine());
        bob.typing(Conversations.LOBBY, true);
        waitFor("bob typing", session::typingLine, "bob is typing\u2026"::equals);
        carol.typing(Conversations.LOBBY, true);
        waitFor("two typing", session::typingLine, "bob and carol are typing\u2026"::equals);
        bob.typing(Conversations.LOBBY, false);
        waitFor("only carol", session::typingLine, "carol is typing\u2026"::equals);
        carol.send(Conversations.LOBBY, "done typing").get(10, TimeUnit.SECONDS);
        waitFor("carol's message ends her typing", session::typingLine, String::isEmpty);

        // a typist that vanishes without saying so is dropped after 6 s without a refresh
        bob.typing(Conversations.LOBBY, true);
        waitFor("bob typing again", session::typingLine, "bob is typing\u2026"::equals);
        long since = System.nanoTime();
        waitFor("bob's typing to expire", 15_000, session::typingLine, String::isEmpty);
        long waited = (System.nanoTime() - since) / 1_000_000;
        assertTrue(waited > 4_000, "expired after " + waited + " ms");
    }

    @Test
    @Order(4)
    void typingInTheInputTellsTheOthersUntilSent() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        AutoCloseable listening = bob.addListener(new ChatListener() {
            @Override
            public void typingChanged(String conversation, String user, boolean typing) {
                heard.add(conversation + " " + user + " " + typing);
            }

            @Override
            public void messageReceived(ChatMessage message) {
                if (message.from().equals("hana")) {
                    heard.add("message " + message.text());
                }
            }
        }, Runnable::run);
        try {
            run(() -> ((StyledText) Workbench.one(session.window.getShell(), "input")).insert("hel"));
            waitFor("bob told that hana types", () -> List.copyOf(heard), h -> h.contains("room:lobby hana true"));
            run(() -> {
                StyledText input = Workbench.one(session.window.getShell(), "input");
                input.setCaretOffset(input.getCharCount());
                input.insert("lo everyone");
                Workbench.click(Workbench.one(session.window.getShell(), "send"));
            });
            List<String> all = waitFor("stopped, and the message", () -> List.copyOf(heard),
                h -> h.contains("room:lobby hana false") && h.contains("message hello everyone"));
            assertEquals(1, all.stream().filter("room:lobby hana true"::equals).count(), "at most one notice per 3 s: " + all);
            assertEquals(UiIds.EDITOR_CHAT, ui(() -> session.page().getActiveEditor().getSite().getId()));
        } finally {
            listening.close();
        }
    }
}
