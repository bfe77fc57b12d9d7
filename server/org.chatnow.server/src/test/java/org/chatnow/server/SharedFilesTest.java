package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.Transport;
import org.chatnow.client.Conversations;
import org.chatnow.client.FileTransfer;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.SharedFile;
import org.chatnow.client.TransferListener;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.testkit.FreePorts;
import org.chatnow.testkit.TcpProxy;
import org.junit.jupiter.api.Test;

/** The shared folder end to end: real server, real clients, real files on disk. */
class SharedFilesTest extends ServerTestSupport {

    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(data.resolve(name));
    }

    @Test
    void filesOfAnySizeTravelBothWaysIntact() throws Exception {
        startServer(config());
        login("alice");
        ChatClient alice = last();
        Path out = dir("out");
        Path in = dir("in");
        long[] sizes = {0, 1, 10_000_000, 200_000_000};
        for (long size : sizes) {
            Path source = randomFile(out, "file-" + size + ".bin", size, size);
            SharedFile uploaded = alice.files().upload(source, source.getFileName().toString(), TransferListener.NONE)
                .result().get(120, TimeUnit.SECONDS);
            assertEquals(size, uploaded.size());
            assertEquals(sha256(source), uploaded.sha256());
            Path target = in.resolve(source.getFileName());
            SharedFile downloaded = alice.files().download(uploaded.name(), target, TransferListener.NONE).result().get(120, TimeUnit.SECONDS);
            assertEquals(uploaded, downloaded);
            assertEquals(sha256(source), sha256(target), size + " bytes round trip");
            assertFalse(Files.exists(in.resolve(source.getFileName() + ".part")));
            Files.delete(source);
            Files.delete(target);
        }
        List<SharedFile> listed = get(alice.files().list());
        assertEquals(List.of("file-0.bin", "file-1.bin", "file-10000000.bin", "file-200000000.bin"),
            listed.stream().map(SharedFile::name).toList());
        assertTrue(listed.stream().allMatch(f -> f.uploader().equals("alice")));
    }

    private static int freePort() throws IOException {
        return FreePorts.port();
    }

    @Test
    void transfersResumeAfterTheConnectionIsCutMidway() throws Exception {
        int filePort = freePort();
        try (TcpProxy proxy = new TcpProxy(filePort)) {
            startServer(config().filePort(filePort).advertisedFilePort(proxy.port()));
            login("alice");
            ChatClient alice = last();
            Path source = randomFile(dir("out"), "big.bin", 30_000_000, 1);
            List<Long> progress = new CopyOnWriteArrayList<>();
            AtomicInteger retries = new AtomicInteger();
            TransferListener listener = new TransferListener() {
                @Override
                public void progress(long done, long total) {
                    progress.add(done);
                }

                @Override
                public void retrying(String why, int attempt) {
                    retries.incrementAndGet();
                    progress.add(-1L);
                }
            };
            proxy.cutAfter(10_000_000);
            SharedFile up = alice.files().upload(source, "big.bin", listener).result().get(60, TimeUnit.SECONDS);
            assertEquals(1, retries.get(), "the upload was cut once and resumed");
            long resumedAt = progress.get(progress.indexOf(-1L) + 1);
            assertTrue(resumedAt > 1_000_000, "resumed from the server's partial file, not from 0: " + resumedAt);
            assertEquals(sha256(source), up.sha256());

            progress.clear();
            retries.set(0);
            proxy.cutAfter(15_000_000);
            Path target = dir("in").resolve("big.bin");
            alice.files().download("big.bin", target, listener).result().get(60, TimeUnit.SECONDS);
            assertEquals(1, retries.get(), "the download was cut once and resumed");
            assertTrue(progress.get(progress.indexOf(-1L) + 1) > 1_000_000, "resumed from the local partial file");
            assertEquals(sha256(source), sha256(target));
        }
    }

    @Test
    void aPartialUploadIsNeverListedAndALaterUploadResumesIt() throws Exception {
        int filePort = freePort();
        try (TcpProxy proxy = new TcpProxy(filePort)) {
            startServer(config().filePort(filePort).advertisedFilePort(proxy.port()));
            login("alice");
            ChatClient alice = last();
            Path source = randomFile(dir("out"), "half.bin", 5_000_000, 2);
            proxy.holdAfter(2_000_000); // the network stalls after 2 MB; the user gives up and cancels
            FileTransfer first = alice.files().upload(source, "half.bin", (done, total) -> {
            });
            Recorder.await(() -> partialBytes(data.resolve("files/.incoming")), n -> n >= 1_500_000);
            first.cancel();
            proxy.cutAll(); // what the stalled network held back never arrives
            proxy.release();
            assertEquals(List.of(), get(alice.files().list()), "nothing partial is listed");
            List<Long> progress = new CopyOnWriteArrayList<>();
            SharedFile done = alice.files().upload(source, "half.bin", (d, t) -> progress.add(d)).result().get(60, TimeUnit.SECONDS);
            assertTrue(progress.get(0) >= 1_000_000, "the second upload resumed at " + progress.get(0) + "; progress "
                + progress.subList(0, Math.min(5, progress.size())));
            assertEquals("half.bin", done.name());
            assertEquals(sha256(source), done.sha256());
            Path target = dir("in").resolve("half.bin");
            alice.files().download("half.bin", target, TransferListener.NONE).result().get(60, TimeUnit.SECONDS);
            assertEquals(sha256(source), sha256(target));
        }
    }

    private static long partialBytes(Path incoming) {
        try (var files = java.nio.file.Files.list(incoming)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part")).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void hostileNamesAreRefusedClearly() throws Exception {
        startServer(config());
        login("alice");
        ChatClient alice = last();
        Path source = randomFile(dir("out"), "ok.txt", 10, 3);
        List<String> hostile = List.of("../escape.txt", "..", ".", "/etc/passwd", "dir/file.txt", "back\\slash.txt", "nul\u0000byte",
            "new\nline.txt", "CON", "con.txt", "LPT1.log", "trailing.", "trailing ", " leading", ".hidden", "a".repeat(256),
            "e\u0301t\u00e9.txt" /* not NFC */, "what?.txt", "pipe|name", "rtl\u202Efdp.exe", "");
        assertTrue(hostile.size() >= 20);
        for (String name : hostile) {
            String code = refusal(alice.files().upload(source, name, TransferListener.NONE).result());
            assertEquals(ErrorCodes.INVALID_FILE_NAME, code, "refused: " + name.replace("\u0000", "\\0"));
        }
        assertEquals(List.of(), get(alice.files().list()));
        assertTrue(Files.list(data.resolve("files")).allMatch(p -> p.getFileName().toString().equals(".incoming")),
            "nothing written outside or inside the folder");
        alice.files().upload(source, "été — 報告 (final).txt", TransferListener.NONE).result().get(10, TimeUnit.SECONDS);
    }

    @Test
    void quotasAndSizeLimitsAreEnforced() throws Exception {
        startServer(config().quotaBytes(1_000_000).maxFileBytes(800_000));
        login("alice");
        ChatClient alice = last();
        Path out = dir("out");
        alice.files().upload(randomFile(out, "a.bin", 600_000, 4), "a.bin", TransferListener.NONE).result().get(10, TimeUnit.SECONDS);
        assertEquals(ErrorCodes.QUOTA_EXCEEDED,
            refusal(alice.files().upload(randomFile(out, "b.bin", 600_000, 5), "b.bin", TransferListener.NONE).result()));
        assertEquals(ErrorCodes.FILE_TOO_LARGE,
            refusal(alice.files().upload(randomFile(out, "c.bin", 900_000, 6), "c.bin", TransferListener.NONE).result()));
        login("bob");
        last().files().upload(out.resolve("b.bin"), "b.bin", TransferListener.NONE).result().get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoUploadsAtOnceAndTheSameNameTwiceAllComplete() throws Exception {
        startServer(config());
        Recorder watcher = login("watcher");
        login("alice");
        ChatClient alice = last();
        Path out = dir("out");
        Path one = randomFile(out, "one.bin", 20_000_000, 7);
        Path two = randomFile(out, "two.bin", 20_000_000, 8);
        FileTransfer first = alice.files().upload(one, "report.pdf", TransferListener.NONE);
        FileTransfer second = alice.files().upload(two, "report.pdf", TransferListener.NONE);
        List<String> names = new ArrayList<>(List.of(first.result().get(60, TimeUnit.SECONDS).name(),
            second.result().get(60, TimeUnit.SECONDS).name()));
        names.sort(null);
        assertEquals(List.of("report (2).pdf", "report.pdf"), names, "the same name twice keeps both");
        List<SharedFile> listed = get(alice.files().list());
        assertEquals(2, listed.size());
        String oneHash = sha256(one);
        String twoHash = sha256(two);
        assertTrue(listed.stream().anyMatch(f -> f.sha256().equals(oneHash)) && listed.stream().anyMatch(f -> f.sha256().equals(twoHash)));
        assertEquals(2, Recorder.await(() -> watcher.events("file:added").size(), n -> n == 2), "everyone sees uploads appear live");

        login("bob");
        assertEquals(ErrorCodes.FORBIDDEN, refusal(last().files().delete("report.pdf")), "only the uploader deletes");
        get(alice.files().delete("report.pdf"));
        assertEquals(1, Recorder.await(() -> watcher.events("file:deleted").size(), n -> n == 1));
        assertEquals(ErrorCodes.UNKNOWN_FILE, refusal(alice.files().download("report.pdf", out.resolve("x"), TransferListener.NONE).result()));
    }

    @Test
    void chatKeepsFlowingDuringABigTransferAndTransfersOutliveTheChatConnection() throws Exception {
        int chatPort = freePort();
        try (TcpProxy chatProxy = new TcpProxy(chatPort)) {
            startServer(config().port(chatPort));
            ChatClient alice = ChatClients.create();
            alice.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
            clients.add(alice);
            alice.connect(new ServerAddress("127.0.0.1", chatProxy.port()), "alice", "password-of-alice").get(10, TimeUnit.SECONDS);
            Recorder bob = login("bob");
            login("carol");
            ChatClient carol = last();
            Path source = randomFile(dir("out"), "movie.bin", 300_000_000, 9);
            FileTransfer upload = alice.files().upload(source, "movie.bin", TransferListener.NONE);
            Recorder.await(upload::done, d -> d > 0);
            for (int i = 0; i < 30; i++) {
                carol.send(Conversations.LOBBY, "during the upload " + i).get(10, TimeUnit.SECONDS);
            }
            Recorder.await(() -> bob.texts().size(), n -> n == 30);
            assertEquals(30, bob.texts().size());
            chatProxy.refuse(true);
            chatProxy.cutAll();
            SharedFile done = upload.result().get(120, TimeUnit.SECONDS);
            assertEquals(sha256(source), done.sha256(), "the upload finished although the chat connection was down");
            assertNotNull(done);
        }
    }
}
