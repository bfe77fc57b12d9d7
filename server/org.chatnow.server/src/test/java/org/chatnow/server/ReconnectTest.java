package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ChatException;
import org.chatnow.client.Transport;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.HistoryPage;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.protocol.Frame;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.testkit.TcpProxy;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Network loss and server crashes with real server processes: clients reconnect by themselves, resume without the
 * password, and every message is delivered exactly once, in order.
 */
class ReconnectTest {
    @TempDir
    Path data;
    private final List<ChatClient> clients = new ArrayList<>();
    private ServerProcess server;
    private TcpProxy proxy;

    @AfterEach
    void stop() throws Exception {
        clients.forEach(ChatClient::close);
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Recorder login(int port, String user) throws Exception {
        return login(port, user, null);
    }

    /** Logs {@code user} in; over TLS if {@code fingerprint} is the server's certificate's (pinned), else in plain TCP. */
    private Recorder login(int port, String user, String fingerprint) throws Exception {
        ChatClient client = ChatClients.create();
        client.setTransport(Transport.PLAINTEXT); // this server speaks plain TCP
        clients.add(client);
        Recorder recorder = new Recorder();
        client.addListener(recorder, Runnable::run);
        ServerAddress address = new ServerAddress("127.0.0.1", port);
        if (fingerprint != null) {
            client.setTransport(Transport.TLS);
            client.knownServers().pin(address, fingerprint);
        }
        client.connect(address, user, "password-of-" + user).get(10, TimeUnit.SECONDS);
        return recorder;
    }

    private static void assertExactlyOnceInOrder(Recorder recorder, String conversation, int count) {
        List<Long> seqs = recorder.messages.stream().filter(m -> m.conversation().equals(conversation)).map(ChatMessage::seq).toList();
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= count; s++) {
            expected.add(s);
        }
        assertEquals(expected, seqs);
    }

    @Test
    void aLostNetworkIsRecoveredWithoutLossOrDuplicates() throws Exception {
        server = ServerProcess.start(data);
        proxy = new TcpProxy(server.port());
        Recorder alice = login(proxy.port(), "alice");
        ChatClient aliceClient = clients.get(0);
        Recorder bob = login(proxy.port(), "bob");
        login(server.port(), "carol");
        ChatClient carol = clients.get(2);
        aliceClient.send(Conversations.LOBBY, "before").get(10, TimeUnit.SECONDS);

        proxy.refuse(true);
        proxy.cutAll();
        assertEquals(ConnectionState.RECONNECTING, Recorder.await(aliceClient::state, ConnectionState.RECONNECTING::equals));
        assertTrue(aliceClient.nextReconnect() != null, "the client says when it retries");
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            queued.add(aliceClient.send(Conversations.LOBBY, "typed offline " + i));
            carol.send(Conversations.LOBBY, "carol meanwhile " + i).get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(1500);
        proxy.refuse(false);

        for (CompletableFuture<Long> f : queued) {
            f.get(30, TimeUnit.SECONDS);
        }
        Recorder.await(() -> bob.messages.size(), n -> n >= 11);
        Recorder.await(() -> alice.messages.size(), n -> n >= 11);
        Thread.sleep(300);
        assertExactlyOnceInOrder(alice, Conversations.LOBBY, 11);
        assertExactlyOnceInOrder(bob, Conversations.LOBBY, 11);
        assertTrue(bob.texts().containsAll(List.of("typed offline 1", "typed offline 5", "carol meanwhile 3")));
        assertTrue(bob.states.contains(ConnectionState.RECONNECTING) && bob.lastState() == ConnectionState.ONLINE);
    }

    @Test
    void aQueuedMessageCancelledWhileReconnectingIsNeverSent() throws Exception {
        server = ServerProcess.start(data);
        proxy = new TcpProxy(server.port());
        login(proxy.port(), "alice");
        ChatClient alice = clients.get(0);
        Recorder bob = login(server.port(), "bob");
        alice.send(Conversations.LOBBY, "before").get(10, TimeUnit.SECONDS);
        proxy.refuse(true);
        proxy.cutAll();
        Recorder.await(alice::state, ConnectionState.RECONNECTING::equals);

        CompletableFuture<Long> kept = alice.send(Conversations.LOBBY, "kept");
        CompletableFuture<Long> dropped = alice.send(Conversations.LOBBY, "dropped");
        assertTrue(alice.cancelSend(dropped), "a message that never went out can be taken back");
        assertFalse(alice.cancelSend(dropped), "only once");
        ExecutionException why = assertThrows(ExecutionException.class, () -> dropped.get(1, TimeUnit.SECONDS));
        assertTrue(ChatException.of(why).is(ChatException.CANCELLED), why.toString());
        proxy.refuse(false);

        assertEquals(2L, kept.get(30, TimeUnit.SECONDS));
        assertFalse(alice.cancelSend(kept), "done already");
        Recorder.await(() -> bob.texts().contains("kept"), Boolean::booleanValue);
        alice.send(Conversations.LOBBY, "after").get(10, TimeUnit.SECONDS);
        Recorder.await(() -> bob.texts().contains("after"), Boolean::booleanValue);
        assertEquals(List.of("before", "kept", "after"), bob.texts());
    }

    @Test
    void aServerKilledMidUploadListsNothingPartialAndTheUploadResumes() throws Exception {
        int filePort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            filePort = probe.getLocalPort();
        }
        proxy = new TcpProxy(filePort);
        server = ServerProcess.start(data.resolve("server"), "--file-port", Integer.toString(filePort),
            "--advertised-file-port", Integer.toString(proxy.port()));
        login(server.port(), "alice");
        ChatClient alice = clients.get(0);
        Path source = SharedFilesTest.randomFile(java.nio.file.Files.createDirectories(data.resolve("out")), "crash.bin", 60_000_000, 11);
        List<Long> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch third = new CountDownLatch(1);
        org.chatnow.client.FileTransfer upload = alice.files().upload(source, "crash.bin", new org.chatnow.client.TransferListener() {
            @Override
            public void progress(long done, long total) {
                progress.add(done);
                if (done > total / 3) {
                    third.countDown();
                }
            }

            @Override
            public void retrying(String why, int attempt) {
                progress.add(-1L);
            }
        });
        assertTrue(third.await(60, TimeUnit.SECONDS));
        proxy.refuse(true); // keep the client away until the restarted server has been checked
        server.kill();
        server.restart();
        try (RawConnection raw = RawConnection.connect(server.port())) {
            String token = raw.login("checker", "password-of-checker", null).resume();
            try (java.net.Socket files = new java.net.Socket("127.0.0.1", filePort)) {
                var out = new java.io.DataOutputStream(files.getOutputStream());
                var in = new java.io.DataInputStream(files.getInputStream());
                for (org.chatnow.protocol.Frame f : List.of(new org.chatnow.protocol.Frame.Hello(1, "checker"),
                    new org.chatnow.protocol.Frame.FileAuth("a", "checker", token), new org.chatnow.protocol.Frame.FileList("l"))) {
                    byte[] payload = org.chatnow.protocol.FrameJson.toBytes(f);
                    out.writeInt(payload.length);
                    out.write(payload);
                }
                out.flush();
                org.chatnow.protocol.Frame reply;
                do {
                    byte[] payload = in.readNBytes(in.readInt());
                    reply = org.chatnow.protocol.FrameJson.fromBytes(payload, 0, payload.length);
                } while (!(reply instanceof org.chatnow.protocol.Frame.Files));
                assertEquals(List.of(), ((org.chatnow.protocol.Frame.Files) reply).files(), "the partial upload is not listed");
            }
        }
        proxy.refuse(false);
        org.chatnow.client.SharedFile done = upload.result().get(120, TimeUnit.SECONDS);
        long resumedAt = progress.get(progress.lastIndexOf(-1L) + 1);
        assertTrue(resumedAt > 0, "resumed from the partial file the killed server had kept: " + resumedAt);
        assertEquals(SharedFilesTest.sha256(source), done.sha256());
        assertEquals(List.of("crash.bin"), alice.files().list().get(10, TimeUnit.SECONDS).stream().map(org.chatnow.client.SharedFile::name).toList());
    }

    @Test
    void aResentRequestIsStoredOnce() throws Exception {
        server = ServerProcess.start(data);
        String token;
        long seq;
        try (RawConnection raw = RawConnection.connect(server.port())) {
            token = raw.login("alice", "password-of-alice", null).resume();
            raw.write(new Frame.Send("request-1", Conversations.LOBBY, "only once"));
            seq = raw.readUntil(Frame.Ack.class).seq();
        }
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("alice", null, token);
            raw.write(new Frame.Send("request-1", Conversations.LOBBY, "only once"));
            assertEquals(seq, raw.readUntil(Frame.Ack.class).seq(), "the ack names the stored message");
            raw.write(new Frame.History("h", Conversations.LOBBY, 0, 50));
            Frame.HistoryPage page = raw.readUntil(Frame.HistoryPage.class);
            assertEquals(1, page.messages().size());
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void serverKilledAndRestartedDuringAConversationOfTwentyClients(boolean tls) throws Exception {
        server = tls ? ServerProcess.start(data, "--tls") : ServerProcess.start(data);
        String fingerprint = tls ? server.tlsFingerprint() : null;
        int clientCount = 20;
        int perClient = 25;
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            recorders.add(login(server.port(), "user" + i, fingerprint));
        }
        Map<CompletableFuture<Long>, String> texts = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        CountDownLatch halfway = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            ChatClient client = clients.get(i);
            int sender = i;
            Thread t = new Thread(() -> {
                for (int n = 0; n < perClient; n++) {
                    String text = "user" + sender + " message " + n;
                    CompletableFuture<Long> f = client.send(Conversations.LOBBY, text);
                    texts.put(f, text);
                    synchronized (sent) {
                        sent.add(f);
                    }
                    if (sender == 0 && n == perClient / 2) {
                        halfway.countDown();
                    }
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            senders.add(t);
            t.start();
        }
        halfway.await();
        // kill it while messages flow and a good part of them has been acknowledged (a busy machine acknowledges late)
        Recorder.await(() -> {
            synchronized (sent) {
                return sent.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            }
        }, acked -> acked >= clientCount * perClient / 5);
        server.kill();
        long killedAt = System.nanoTime();
        long ackedBeforeKill;
        synchronized (sent) {
            ackedBeforeKill = sent.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
        }
        Thread.sleep(500);
        server.restart();
        if (tls) {
            assertEquals(fingerprint, server.tlsFingerprint(), "the restarted server presents the certificate it kept");
        }
        for (Thread t : senders) {
            t.join();
        }
        for (CompletableFuture<Long> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
        int total = clientCount * perClient;
        for (Recorder r : recorders) {
            Recorder.await(() -> r.messages.size(), n -> n >= total);
        }
        double convergedSeconds = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(300);
        Set<String> expectedTexts = new HashSet<>();
        for (int i = 0; i < clientCount; i++) {
            for (int n = 0; n < perClient; n++) {
                expectedTexts.add("user" + i + " message " + n);
            }
        }
        for (Recorder r : recorders) {
            assertExactlyOnceInOrder(r, Conversations.LOBBY, total);
            assertEquals(expectedTexts, new HashSet<>(r.texts()));
            assertTrue(r.states.contains(ConnectionState.RECONNECTING), "every client noticed and came back by itself");
            assertEquals(ConnectionState.ONLINE, r.lastState());
        }
        HistoryPage newest = clients.get(0).history(Conversations.LOBBY, 0, 1).get(10, TimeUnit.SECONDS);
        assertEquals(total, newest.messages().get(0).seq(), "every acknowledged message survived the kill");
        // the history holds each acknowledged message exactly once, at the seq its acknowledgement named
        Map<Long, String> history = new java.util.HashMap<>();
        long before = 0;
        do {
            HistoryPage page = clients.get(0).history(Conversations.LOBBY, before, 200).get(10, TimeUnit.SECONDS);
            for (ChatMessage m : page.messages()) {
                assertEquals(null, history.put(m.seq(), m.text()), "seq " + m.seq() + " twice");
            }
            before = page.messages().stream().mapToLong(ChatMessage::seq).min().orElse(1);
        } while (before > 1);
        assertEquals(total, history.size());
        assertEquals(total, new HashSet<>(history.values()).size(), "no message stored twice");
        for (Map.Entry<CompletableFuture<Long>, String> ack : texts.entrySet()) {
            assertEquals(ack.getValue(), history.get(ack.getKey().get()), "the acknowledged seq holds the message");
        }
        System.out.printf("20 clients%s: %d messages acknowledged (%d before the kill -9), each once in the history and delivered "
            + "exactly once to each; converged %.1f s after the kill%n", tls ? " over TLS" : "", total, ackedBeforeKill, convergedSeconds);
    }
}
