package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.testkit.TcpProxy;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the user sees of their own messages while the connection is down: each shows at once as "sending…", greyed
 * with a clock mark, can be cancelled, and becomes an ordinary message in its place once the server has it; one the
 * server refuses says why and offers "retry". The workbench reaches the server through a relay that the test cuts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SendingOfflineTest {
    private static final String SENDING = "\u25F7 sending\u2026";
    private static Session session;
    private static TcpProxy relay;
    private static ChatClient bob;
    private static List<String> seenByBob;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("olga");
        relay = new TcpProxy(session.server.port());
        ServerAddress throughRelay = new ServerAddress("127.0.0.1", relay.port());
        ChatUi.client().knownServers().pin(throughRelay, session.server.tlsFingerprint());
        ChatUi.client().connect(throughRelay, "olga", "password-of-olga").get(20, TimeUnit.SECONDS);
        bob = session.headless("bob");
        seenByBob = Session.received(bob);
        session.open(Conversations.LOBBY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    @Order(1)
    void aMessageSentWhileReconnectingShowsAsSendingAndTakesItsPlaceOnceSent() throws Exception {
        bob.send(Conversations.LOBBY, "before the cut").get(10, TimeUnit.SECONDS);
        waitFor("bob's message", session::transcriptText, t -> t.contains("bob: before the cut"));
        relay.refuse(true);
        relay.cutAll();
        waitFor("the workbench reconnecting", () -> ChatUi.client().state(), s -> s == ConnectionState.RECONNECTING);

        assertTrue(ui(() -> ((Button) one(session.window.getShell(), "send")).isEnabled()), "Send stays usable while reconnecting");
        type("typed while the server is away");
        type("never mind this one");
        assertEquals("", ui(() -> ((StyledText) one(session.window.getShell(), "input")).getText()));
        List<String> lines = lastLines(2);
        assertTrue(lines.get(0).contains("olga: typed while the server is away") && lines.get(0).contains(SENDING), lines.toString());
        assertTrue(lines.get(1).contains("olga: never mind this one") && lines.get(1).contains(SENDING) && lines.get(1).endsWith("cancel"),
            lines.toString());
        assertTrue(ui(() -> isGrey(offsetOf("typed while the server is away"))), "a message on its way is greyed");

        clickOn("cancel", "never mind this one");
        waitFor("the cancelled message gone", session::transcriptText, t -> !t.contains("never mind this one"));

        // someone else writes meanwhile: the queued message stays below and, once sent, comes after it
        bob.send(Conversations.LOBBY, "bob meanwhile").get(10, TimeUnit.SECONDS);
        relay.refuse(false);
        ChatUi.client().reconnect();
        String shown = waitFor("the queued message sent and shown in its place", session::transcriptText,
            t -> !t.contains(SENDING) && t.contains("olga: typed while the server is away"));
        int meanwhile = shown.indexOf("bob: bob meanwhile");
        int queued = shown.indexOf("olga: typed while the server is away");
        assertTrue(meanwhile > 0 && queued > meanwhile, shown);
        assertEquals(shown.lastIndexOf("olga: typed while the server is away"), queued, "shown once: " + shown);
        assertFalse(ui(() -> isGrey(offsetOf("typed while the server is away"))), "a sent message looks like any other");
        waitFor("bob receives it", () -> seenByBob, s -> s.contains("olga: typed while the server is away"));
        Thread.sleep(500);
        assertEquals(1, seenByBob.stream().filter("olga: typed while the server is away"::equals).count(), seenByBob.toString());
        assertFalse(seenByBob.contains("olga: never mind this one"), "a cancelled message never reaches anyone");
    }

    @Test
    @Order(2)
    void aRefusedMessageSaysWhyAndCanBeRetried() throws Exception {
        // logged out: the message cannot go, and says so where it was written
        run(() -> ChatUi.client().disconnect());
        waitFor("the workbench offline", () -> ChatUi.client().state(), s -> s == ConnectionState.OFFLINE);
        type("written after logging out");
        String failed = waitFor("the message marked as not sent", () -> lastLines(1).get(0), l -> l.contains("not sent"));
        assertTrue(failed.contains("olga: written after logging out") && failed.contains("\u2715 not sent: not connected")
            && failed.endsWith("retry  cancel"), failed);

        ChatUi.client().connect(new ServerAddress("127.0.0.1", relay.port()), "olga", "password-of-olga").get(20, TimeUnit.SECONDS);
        clickOn("retry", "written after logging out");
        waitFor("the retried message sent", session::transcriptText,
            t -> t.contains("olga: written after logging out") && !t.contains("not sent") && !t.contains(SENDING));
        waitFor("bob receives it", () -> seenByBob, s -> s.contains("olga: written after logging out"));

        // a conversation the server does not let the user write to: refused for good, with the server's reason
        run(() -> Commands.execute(session.window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, "room:elsewhere")));
        waitFor("#elsewhere in front", session::activeTitle, "#elsewhere"::equals);
        type("hello elsewhere");
        String refused = waitFor("the refusal", () -> lastLines(1).get(0), l -> l.contains("not sent"));
        assertTrue(refused.contains("olga: hello elsewhere") && refused.endsWith("retry  cancel"), refused);
        clickOn("cancel", "hello elsewhere");
        waitFor("the refused message gone", session::transcriptText, t -> !t.contains("hello elsewhere"));
    }

    /** Writes {@code text} into the input of the editor in front and sends it with the Send button. */
    private static void type(String text) {
        run(() -> {
            StyledText input = one(session.window.getShell(), "input");
            input.setText(text);
            click(one(session.window.getShell(), "send"));
        });
    }

    /** The transcript's last {@code count} lines. */
    private static List<String> lastLines(int count) {
        List<String> lines = List.of(session.transcriptText().split("\n"));
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    private static int offsetOf(String text) {
        return session.transcript().getText().lastIndexOf(text);
    }

    /** Whether the message text at {@code offset} is drawn in the greyed colour of messages on their way. */
    private static boolean isGrey(int offset) {
        StyledText transcript = session.transcript();
        StyleRange style = transcript.getStyleRangeAtOffset(offset);
        return style != null && style.foreground != null
            && style.foreground.equals(transcript.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
    }

    /** Clicks the link {@code label} ("retry", "cancel") on the line of the transcript that holds {@code message}. */
    private static void clickOn(String label, String message) {
        run(() -> {
            StyledText transcript = session.transcript();
            String text = transcript.getText();
            int line = text.lastIndexOf(message);
            int offset = text.indexOf(label, line + message.length()) + 1;
            transcript.setTopIndex(Math.max(0, transcript.getLineAtOffset(offset) - 1));
            Point at = transcript.getLocationAtOffset(offset);
            Event up = new Event();
            up.button = 1;
            up.x = at.x + 2;
            up.y = at.y + 4;
            transcript.notifyListeners(SWT.MouseUp, up);
        });
    }
}
