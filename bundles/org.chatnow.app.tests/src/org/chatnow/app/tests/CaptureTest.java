package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.click;
import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.client.SharedFile;
import org.chatnow.ui.Commands;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat ▸ Capture Screen: a PNG of the whole screen lands in the screenshot folder, and the dialog sends it into the
 * conversation in front: a room's through the shared folder, a private conversation's as an attachment.
 */
class CaptureTest {
    private static Session session;
    private static ChatClient bob;
    private static List<String> seenByBob;
    private static Path folder;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("chatnow-screenshots");
        InstanceScope.INSTANCE.getNode("org.chatnow.ui.capture").put("folder", folder.toString());
        session = Session.start("jo");
        bob = session.headless("bob");
        seenByBob = Session.received(bob);
        session.logIn();
    }

    @AfterAll
    static void stop() {
        InstanceScope.INSTANCE.getNode("org.chatnow.ui.capture").remove("folder");
        session.close();
    }

    /** Captures (the window stays: under Xvfb there is no window manager to give it back) and returns the dialog. */
    private static Shell capture() throws InterruptedException {
        Workbench.display().asyncExec(() -> Commands.execute(session.window, "org.chatnow.ui.capture.captureScreen",
            Map.of("org.chatnow.ui.capture.hide", "false")));
        return waitFor("the screenshot dialog", () -> {
            Shell dialog = Workbench.shell("captureDialog");
            return dialog != null && dialog.isVisible() ? dialog : null;
        }, s -> s != null);
    }

    @Test
    void aScreenshotIsSavedWholeAndSentIntoTheRoomInFront() throws Exception {
        session.open(Conversations.LOBBY);
        Shell dialog = capture();
        Path saved = Path.of((String) ui(() -> ((Label) one(dialog, "capturePath")).getData("path")));
        assertEquals(folder, saved.getParent());
        assertTrue(saved.getFileName().toString().matches("Screenshot \\d{4}-\\d\\d-\\d\\d at \\d\\d\\.\\d\\d\\.\\d\\d\\.png"), saved.toString());
        ImageData png;
        try (InputStream in = Files.newInputStream(saved)) {
            png = new ImageLoader().load(in)[0];
        }
        Rectangle screen = ui(() -> Workbench.display().getBounds());
        assertEquals(screen.width, png.width, "the whole screen's width");
        assertEquals(screen.height, png.height, "and height");
        assertFalse(uniform(png), "the picture shows something: the workbench is on the screen");

        Button send = ui(() -> one(dialog, "captureSend"));
        assertEquals("Send to #lobby", ui(() -> send.getText().replace("&", "")));
        run(() -> click(send));
        String name = saved.getFileName().toString();
        String link = org.chatnow.ui.FileLinks.link(name);
        waitFor("bob sees the link", () -> seenByBob, s -> s.stream().anyMatch(m -> m.startsWith("jo: ") && m.contains(link)));
        SharedFile shared = bob.files().list().get(10, TimeUnit.SECONDS).stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        assertEquals(Files.size(saved), shared.size(), "the shared folder holds the whole picture");
    }

    @Test
    void inFrontOfAPrivateConversationItGoesToTheOtherPartyOnly() throws Exception {
        String dm = Conversations.direct("bob", "jo");
        bob.send(dm, "send me your screen?").get(10, TimeUnit.SECONDS);
        session.open(dm);
        Shell dialog = capture();
        Path saved = Path.of((String) ui(() -> ((Label) one(dialog, "capturePath")).getData("path")));
        Button send = ui(() -> one(dialog, "captureSend"));
        assertEquals("Send to @bob", ui(() -> send.getText().replace("&", "")));
        run(() -> click(send));
        String posted = waitFor("bob gets the link", () -> seenByBob.stream().filter(m -> m.startsWith("jo: ") && m.contains("chatnow-file:")
            && m.contains("%2f")).findFirst().orElse(null), m -> m != null); // "{id}/{name}": the '/' is encoded
        String name = org.chatnow.ui.FileLinks.find(posted).get(0).name();
        assertTrue(org.chatnow.ui.FileLinks.isAttachment(name), "an attachment of the private conversation: " + name);
        Path copy = Files.createTempDirectory("chatnow-bob-screens").resolve("screen.png");
        bob.files().downloadAttachment(dm, name, copy, org.chatnow.client.TransferListener.NONE).result().get(20, TimeUnit.SECONDS);
        assertEquals(Files.size(saved), Files.size(copy), "bob downloads the whole picture");
        assertTrue(bob.files().list().get(10, TimeUnit.SECONDS).stream().noneMatch(f -> f.name().equals(saved.getFileName().toString())),
            "the shared folder never saw it");
    }

    /** Whether every pixel of {@code data} has the same colour. */
    private static boolean uniform(ImageData data) {
        RGB first = data.palette.getRGB(data.getPixel(0, 0));
        for (int y = 0; y < data.height; y += 7) {
            for (int x = 0; x < data.width; x += 7) {
                if (!data.palette.getRGB(data.getPixel(x, y)).equals(first)) {
                    return false;
                }
            }
        }
        return true;
    }
}
