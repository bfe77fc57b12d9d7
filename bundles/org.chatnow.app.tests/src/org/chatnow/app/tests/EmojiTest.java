package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.InlineImages;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emoji: the palette inserts into the message being written, the message carries the characters, and conversations
 * show pictures in their place, for what jo sends and what others send (with or without the presentation selector).
 */
class EmojiTest {
    private static final String EMOJI_VIEW = "org.chatnow.ui.emoji.view";
    private static Session session;
    private static ChatClient bob;
    private static List<String> seenByBob;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("jo");
        bob = session.headless("bob");
        seenByBob = Session.received(bob);
        session.logIn();
        session.open(Conversations.LOBBY);
        session.showView(EMOJI_VIEW);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** The style ranges of {@code text} drawn as pictures (their first code point takes the room). */
    private static List<StyleRange> pictures(StyledText text) {
        return ui(() -> java.util.Arrays.stream(text.getStyleRanges()).filter(r -> r.metrics != null && r.metrics.width > 0).toList());
    }

    @Test
    void thePaletteInsertsEmojiThatTravelAsTextAndShowAsPictures() throws Exception {
        InlineImages images = ChatUi.inlineImages();
        assertNotNull(images, "the emoji bundle offers its pictures as a service");
        assertEquals(List.of(new InlineImages.Match(2, 4, "1f44d"), new InlineImages.Match(7, 8, "2764-fe0f"),
            new InlineImages.Match(11, 13, "2764-fe0f")), images.find("a \uD83D\uDC4D b \u2764 c \u2764\uFE0F"),
            "thumbs up, a heart without and one with the presentation selector");
        assertEquals("grinning face", images.describe("1f600"));

        Button grinning = ui(() -> one(session.window.getShell(), "emoji:1f600"));
        Image picture = ui(grinning::getImage);
        assertNotNull(picture, "palette buttons show pictures");
        assertEquals("grinning face", ui(grinning::getToolTipText));

        StyledText input = ui(() -> one(session.window.getShell(), "input"));
        run(() -> input.setText("hello "));
        run(() -> input.setCaretOffset(input.getCharCount()));
        run(() -> click(grinning));
        assertEquals("hello \uD83D\uDE00", ui(input::getText), "the palette inserts at the caret of the conversation in front");
        assertEquals(1, pictures(input).size(), "the input shows the picture too");
        run(() -> click(one(session.window.getShell(), "send")));
        waitFor("bob gets the characters", () -> seenByBob, s -> s.contains("jo: hello \uD83D\uDE00"));

        StyledText transcript = session.transcript();
        waitFor("jo's message in the transcript", session::transcriptText, t -> t.contains("jo: hello \uD83D\uDE00"));
        bob.send(Conversations.LOBBY, "\uD83D\uDC4D and \u2764\uFE0F").get(10, TimeUnit.SECONDS);
        waitFor("bob's message in the transcript", session::transcriptText, t -> t.contains("bob: \uD83D\uDC4D and \u2764\uFE0F"));
        String shown = session.transcriptText();
        List<Integer> at = pictures(transcript).stream().map(r -> r.start).toList();
        int grin = shown.indexOf("\uD83D\uDE00");
        int thumbs = shown.indexOf("\uD83D\uDC4D");
        int heart = shown.indexOf("\u2764\uFE0F");
        assertEquals(List.of(grin, thumbs, heart), at, "one picture for each emoji, where its characters are");
        StyleRange selector = ui(() -> transcript.getStyleRangeAtOffset(heart + 1));
        assertTrue(selector != null && selector.metrics != null && selector.metrics.width == 0,
            "the presentation selector takes no room of its own");
        assertEquals("\u2764\uFE0F", ui(() -> transcript.getText(heart, heart + 1)), "the text stays the characters (copying copies them)");
    }

    @Test
    void theFilterFindsEmojiByName() throws Exception {
        Text filter = ui(() -> one(session.window.getShell(), "emojiFilter"));
        run(() -> filter.setText("thumbs"));
        waitFor("the grinning face filtered out", () -> ui(() -> Workbench.find(session.window.getShell(), "emoji:1f600").size()), n -> n == 0);
        assertEquals(1, ui(() -> Workbench.find(session.window.getShell(), "emoji:1f44d").size()), "thumbs up stays");
        run(() -> filter.setText("tada"));
        waitFor("found by another name", () -> ui(() -> Workbench.find(session.window.getShell(), "emoji:1f389").size()), n -> n == 1);
        run(() -> filter.setText(""));
        waitFor("all back", () -> ui(() -> Workbench.find(session.window.getShell(), "emoji:1f600").size()), n -> n == 1);
        assertFalse(ui(() -> Workbench.find(session.window.getShell(), "emoji:1f44d").isEmpty()));
    }
}
