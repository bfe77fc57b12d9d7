package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.client.TransferListener;
import org.chatnow.ui.Commands;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.SharedFileTransfers;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Files in conversations: Send File in a room uploads to the shared folder and posts a link that others download
 * with the same SHA-256; in a private conversation it sends an attachment only the other party can download (not the
 * shared folder); a click on a chatnow-file link downloads the file into the download folder, verified.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileLinksTest {
    private static final String ROOM = Conversations.room("files");
    private static Session session;
    private static ChatClient bob;
    private static final List<ChatMessage> bobReceived = new CopyOnWriteArrayList<>();
    private static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        session = Session.start("kim");
        bob = session.headless("bob");
        bob.addListener(new ChatListener() {
            @Override
            public void messageReceived(ChatMessage message) {
                bobReceived.add(message);
            }
        }, Runnable::run);
        session.logIn();
        bob.createRoom("files", "Sharing things").get(10, TimeUnit.SECONDS);
        org.chatnow.ui.ChatUi.client().joinRoom("files").get(10, TimeUnit.SECONDS);
        session.open(ROOM);
        downloads = Files.createTempDirectory("chatnow-link-downloads");
        var node = InstanceScope.INSTANCE.getNode("org.chatnow.ui.files");
        node.put("downloadFolder", downloads.toString());
        node.flush();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    @Order(1)
    void sendFileInARoomPostsALinkOthersCanDownload() throws Exception {
        byte[] content = new byte[2_500_000];
        new Random(11).nextBytes(content);
        Path source = Files.createTempDirectory("chatnow-send").resolve("plans.bin");
        Files.write(source, content);
        assertTrue(ui(() -> Workbench.find(session.window.getShell(), "sendFile").size() == 1), "a Send File button in a room");

        run(() -> Commands.execute(session.window, "org.chatnow.ui.chat.sendFile", Map.of("org.chatnow.ui.chat.file", source.toString())));
        String text = waitFor("the link posted in the room", 30_000, session::transcriptText,
            t -> t.contains("kim: \uD83D\uDCCE plans.bin (2.4 MB) chatnow-file:plans.bin"));
        assertTrue(text.contains("Uploading plans.bin to the shared folder"), text);
        int clip = text.lastIndexOf("kim: \uD83D\uDCCE plans.bin") + "kim: ".length();
        StyledText transcript = session.transcript();
        assertTrue(ui(() -> java.util.Arrays.stream(transcript.getStyleRanges()).anyMatch(r -> r.start == clip && r.metrics != null
            && r.metrics.width > 0 && r.data instanceof InlinePictures.Picture p && InlinePictures.PAPERCLIP_KEY.equals(p.key()))),
            "the paperclip is drawn, not left to a font that may lack it");

        ChatMessage posted = waitFor("bob to receive the link", () -> bobReceived.stream()
            .filter(m -> m.conversation().equals(ROOM) && m.from().equals("kim")).findFirst().orElse(null), m -> m != null);
        Matcher link = Pattern.compile("chatnow-file:(\\S+)").matcher(posted.text());
        assertTrue(link.find(), posted.text());
        Path copy = Files.createTempDirectory("chatnow-bob").resolve("copy.bin");
        var file = bob.files().download(link.group(1), copy, TransferListener.NONE).result().get(30, TimeUnit.SECONDS);
        assertEquals(sha256(content), sha256(Files.readAllBytes(copy)), "the same bytes");
        assertEquals(sha256(content), file.sha256(), "as the server says");
    }

    @Test
    @Order(2)
    void aFileSentPrivatelyIsForTheTwoOfThemOnly() throws Exception {
        String dm = Conversations.direct("bob", "kim");
        bob.send(dm, "hi kim").get(10, TimeUnit.SECONDS);
        waitFor("the private conversation's tab", session::tabs, t -> t.stream().anyMatch(s -> s.startsWith("@bob")));
        session.activate("@bob");
        assertEquals(1, (int) ui(() -> Workbench.find(session.window.getShell(), "sendFile").size()), "Send File in a private conversation too");
        byte[] content = new byte[300_000];
        new Random(12).nextBytes(content);
        Path source = Files.createTempDirectory("chatnow-send-private").resolve("secret.bin");
        Files.write(source, content);
        List<String> jobs = new CopyOnWriteArrayList<>();
        IJobChangeListener transfers = new JobChangeAdapter() {
            @Override
            public void scheduled(IJobChangeEvent event) {
                if (event.getJob().belongsTo(SharedFileTransfers.JOB_FAMILY)) {
                    jobs.add(event.getJob().getName());
                }
            }
        };
        Job.getJobManager().addJobChangeListener(transfers);
        try {
            run(() -> Commands.execute(session.window, "org.chatnow.ui.chat.sendFile", Map.of("org.chatnow.ui.chat.file", source.toString())));
            waitFor("the upload's job", () -> jobs, j -> !j.isEmpty());
        } finally {
            Job.getJobManager().removeJobChangeListener(transfers);
        }
        // the words say what happens: an attachment of this conversation, not the (public) shared folder
        assertTrue(jobs.get(0).startsWith("Sending secret.bin to @bob"), jobs.toString());
        assertFalse(jobs.get(0).contains("shared folder"), jobs.toString());
        String said = session.transcriptText();
        assertTrue(said.contains("Sending secret.bin to @bob as an attachment"), said);
        assertFalse(said.contains("shared folder"), said);
        ChatMessage posted = waitFor("bob to receive the link", () -> bobReceived.stream()
            .filter(m -> m.conversation().equals(dm) && m.from().equals("kim")).findFirst().orElse(null), m -> m != null);
        Matcher link = Pattern.compile("chatnow-file:(\\S+)").matcher(posted.text());
        assertTrue(link.find() && posted.text().startsWith("\uD83D\uDCCE secret.bin ("), posted.text());
        String name = org.chatnow.ui.FileLinks.name("chatnow-file:" + link.group(1));
        assertTrue(org.chatnow.ui.FileLinks.isAttachment(name), "an attachment of the conversation: " + name);
        Path copy = Files.createTempDirectory("chatnow-bob-private").resolve("copy.bin");
        bob.files().downloadAttachment(dm, name, copy, TransferListener.NONE).result().get(30, TimeUnit.SECONDS);
        assertArrayEquals(content, Files.readAllBytes(copy), "bob has the same bytes");
        assertTrue(bob.files().list().get(10, TimeUnit.SECONDS).stream().noneMatch(f -> f.name().equals("secret.bin")),
            "and the shared folder never saw it");
        session.activate("#files");
    }

    @Test
    @Order(3)
    void clickingAFileLinkDownloadsItVerified() throws Exception {
        byte[] content = "meeting notes\nline two\n".repeat(5000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path source = Files.createTempDirectory("chatnow-bob-up").resolve("notes (final).txt");
        Files.write(source, content);
        var uploaded = bob.files().upload(source, "notes (final).txt", TransferListener.NONE).result().get(30, TimeUnit.SECONDS);
        String link = org.chatnow.ui.FileLinks.link(uploaded.name());
        assertEquals("chatnow-file:notes%20%28final%29.txt", link);
        bob.send(ROOM, "the notes: " + link + ".").get(10, TimeUnit.SECONDS);
        waitFor("bob's link", session::transcriptText, t -> t.contains(link));

        run(() -> {
            StyledText transcript = session.transcript();
            int offset = transcript.getText().indexOf(link) + 5;
            transcript.setTopIndex(transcript.getLineAtOffset(offset));
            Point at = transcript.getLocationAtOffset(offset);
            Event up = new Event();
            up.button = 1;
            up.x = at.x + 2;
            up.y = at.y + 4;
            transcript.notifyListeners(SWT.MouseUp, up);
        });
        Path target = downloads.resolve("notes (final).txt");
        waitFor("the download in the download folder", () -> Files.exists(target), Boolean.TRUE::equals);
        assertArrayEquals(content, Files.readAllBytes(target));
        String text = waitFor("the result in the conversation", session::transcriptText, t -> t.contains("SHA-256 verified"));
        assertTrue(text.contains("Downloaded notes (final).txt to " + target + " \u2014 SHA-256 verified"), text);
    }

    @Test
    @Order(4)
    void picturesShowAsPreviewsInRoomsAndPrivateConversations() throws Exception {
        Path dir = Files.createTempDirectory("chatnow-pictures");
        Path png = dir.resolve("diagram.png");
        org.eclipse.swt.graphics.ImageData data = new org.eclipse.swt.graphics.ImageData(400, 300, 24,
            new org.eclipse.swt.graphics.PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                data.setPixel(x, y, (x * 255 / 400) << 16 | (y * 255 / 300) << 8 | 0x80);
            }
        }
        org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
        loader.data = new org.eclipse.swt.graphics.ImageData[] {data};
        loader.save(png.toString(), SWT.IMAGE_PNG);

        var shared = bob.files().upload(png, "diagram.png", TransferListener.NONE).result().get(30, TimeUnit.SECONDS);
        String roomLink = org.chatnow.ui.FileLinks.link(shared.name());
        bob.send(ROOM, "the diagram: " + roomLink).get(10, TimeUnit.SECONDS);
        session.activate("#files");
        StyleRange preview = waitFor("the room's picture shown as a preview", () -> previewOf(roomLink), r -> r != null);
        assertEquals(200, preview.metrics.ascent, "scaled to fit 320 x 200");
        assertEquals(269, preview.metrics.width, "keeping its proportions (and a pixel each side)");

        String dm = Conversations.direct("bob", "kim");
        var attached = bob.files().attach(dm, png, "screen.png", TransferListener.NONE).result().get(30, TimeUnit.SECONDS);
        String dmLink = org.chatnow.ui.FileLinks.link(attached.name());
        bob.send(dm, "look: " + dmLink).get(10, TimeUnit.SECONDS);
        session.activate("@bob");
        waitFor("the private attachment shown as a preview", () -> previewOf(dmLink), r -> r != null);
        session.activate("#files");
    }

    /** The style range drawing {@code link} as a picture in the transcript in front, or null. */
    private static StyleRange previewOf(String link) {
        return ui(() -> java.util.Arrays.stream(session.transcript().getStyleRanges())
            .filter(r -> link.equals(r.data) && r.metrics != null && r.metrics.width > 0).findFirst().orElse(null));
    }
}
