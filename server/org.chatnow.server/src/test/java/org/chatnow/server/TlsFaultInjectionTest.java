package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.Limits;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.testkit.wire.RawConnection;
import org.chatnow.testkit.wire.RecordingTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under TLS against a real server process: while a few clients chat, a thousand connections are dropped abruptly
 * in every state a connection can be in (TCP only, half a ClientHello, mid-handshake, after the handshake, after hello,
 * after login, in the middle of a frame, with output the client never read), by reset or by a plain close and never
 * with a TLS close_notify. Afterwards the server has no session, thread or file descriptor more than before, and the
 * chatting clients received every message exactly once without noticing anything.
 */
class TlsFaultInjectionTest {
    private static final int DISCONNECTS = 1000;
    private static final int STEADY_CLIENTS = 4;
    private static final String HOST = "127.0.0.1";
    /** File descriptors the server may hold beyond its baseline once it has settled (its database may open a file). */
    private static final int FD_SLACK = 4;
    /** Threads other than the worker pool's and the JIT compiler's the server may have beyond its baseline. */
    private static final int THREAD_SLACK = 2;
    /** The chat service's worker pool (MINA's ordered executor) grows to 16 under load and shrinks after 30 s idle. */
    private static final int WORKER_POOL_MAX = 16;

    /** The states a connection is dropped in. */
    enum Drop {
        TCP_ONLY, HALF_CLIENT_HELLO, MID_HANDSHAKE, AFTER_HANDSHAKE, AFTER_HELLO, AFTER_LOGIN, MID_FRAME, UNREAD_OUTPUT
    }

    /** What the server holds at one moment. */
    record Snapshot(int fds, Map<String, Integer> threads) {
        int threads(String kind) {
            return threads.getOrDefault(kind, 0);
        }

        int total() {
            return threads.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @TempDir
    Path data;
    private ServerProcess server;
    private final List<ChatClient> clients = new ArrayList<>();
    private final RecordingTrust trust = new RecordingTrust();

    @AfterEach
    void stop() {
        clients.forEach(ChatClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aThousandAbruptDisconnectsUnderLoadLeaveNoSessionThreadOrFileBehind() throws Exception {
        server = ServerProcess.start(data, "--tls");
        ServerAddress address = new ServerAddress(HOST, server.port());
        String fingerprint = server.tlsFingerprint();
        List<Recorder> steady = new ArrayList<>();
        for (int i = 0; i < STEADY_CLIENTS; i++) {
            Recorder recorder = new Recorder();
            ChatClient client = ChatClients.create();
            clients.add(client);
            client.setTransport(Transport.TLS);
            client.knownServers().pin(address, fingerprint);
            client.addListener(recorder, Runnable::run);
            client.connect(address, "steady" + i, "password-of-steady" + i).get(20, TimeUnit.SECONDS);
            steady.add(recorder);
        }
        AtomicBoolean chatting = new AtomicBoolean(true);
        List<CompletableFuture<Long>> acks = Collections.synchronizedList(new ArrayList<>());
        Set<String> sent = ConcurrentHashMap.newKeySet();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < STEADY_CLIENTS; i++) {
            ChatClient client = clients.get(i);
            String name = "steady" + i;
            Thread sender = new Thread(() -> {
                for (int n = 0; chatting.get(); n++) {
                    String text = name + " message " + n;
                    sent.add(text);
                    acks.add(client.send(Conversations.LOBBY, text));
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sender-" + name);
            senders.add(sender);
            sender.start();
        }

        // warm up (TLS, logins, history, the worker pool), then the baseline, while the steady clients chat on
        Drop[] drops = Drop.values();
        for (int i = 0; i < drops.length * 3; i++) {
            drop(drops[i % drops.length], -1 - i, i % 2 == 0);
        }
        Snapshot before = settle(null);
        List<String> sessionsBefore = sessionsOnline();
        assertEquals(STEADY_CLIENTS + 1, sessionsBefore.size(), "the steady clients and the probe: " + sessionsBefore);

        Map<Drop, AtomicInteger> dropped = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> surprises = new ConcurrentHashMap<>();
        long stormStart = System.nanoTime();
        ExecutorService storm = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < DISCONNECTS; i++) {
            int n = i;
            Drop drop = drops[(n * 7 + n / drops.length) % drops.length]; // every kind, in a shuffled order
            done.add(storm.submit(() -> {
                try {
                    drop(drop, n, n % 3 != 0);
                } catch (IOException e) {
                    surprises.computeIfAbsent(drop + ": " + e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                }
                dropped.computeIfAbsent(drop, k -> new AtomicInteger()).incrementAndGet();
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        storm.shutdown();
        double stormSeconds = (System.nanoTime() - stormStart) / 1e9;

        chatting.set(false);
        for (Thread sender : senders) {
            sender.join();
        }
        for (CompletableFuture<Long> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        int total = acks.size();
        for (Recorder recorder : steady) {
            Recorder.await(() -> recorder.texts(Conversations.LOBBY).size(), size -> size >= total);
        }
        Thread.sleep(200);

        long settleStart = System.nanoTime();
        Snapshot after = settle(before);
        double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
        List<String> sessionsAfter = sessionsOnline();
        List<String> serverErrors = Files.readAllLines(data.resolve("server.log"), StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains(" ERROR ") || line.contains("Exception")).toList();

        System.out.printf("TLS fault injection: %d connections dropped in %.1f s %s (client-side surprises %s) while %d clients "
            + "sent %d messages; settled in %.1f s: sessions %d -> %d, fds %d -> %d, threads %d -> %d (%s -> %s); server log errors %d%n",
            DISCONNECTS, stormSeconds, new TreeMap<>(dropped), surprises, STEADY_CLIENTS, total, settleSeconds, sessionsBefore.size(),
            sessionsAfter.size(), before.fds(), after.fds(), before.total(), after.total(), before.threads(), after.threads(), serverErrors.size());

        serverErrors.stream().limit(10).forEach(System.out::println);
        assertEquals(sessionsBefore, sessionsAfter, "no session outlives its connection");
        assertTrue(after.fds() <= before.fds() + FD_SLACK, "file descriptors: " + before.fds() + " before, " + after.fds() + " after");
        assertTrue(after.threads("other") <= before.threads("other") + THREAD_SLACK, "threads: " + before.threads() + " before, "
            + after.threads() + " after");
        assertTrue(after.threads("workers") <= WORKER_POOL_MAX, "workers: " + after.threads());
        assertEquals(List.of(), serverErrors.subList(0, Math.min(5, serverErrors.size())), "the server logged no error");
        for (Recorder recorder : steady) {
            List<Long> seqs = recorder.messages.stream().filter(m -> m.conversation().equals(Conversations.LOBBY))
                .map(ChatMessage::seq).toList();
            assertEquals(total, seqs.size(), "every message once");
            assertEquals(total, new HashSet<>(seqs).size(), "no message twice");
            assertEquals(sent, new HashSet<>(recorder.texts(Conversations.LOBBY)), "every message sent was received");
            assertFalse(recorder.states.contains(ConnectionState.RECONNECTING), "the steady clients noticed nothing: " + recorder.states);
        }
    }

    /** Opens a connection, takes it into the state {@code drop} and drops it ({@code reset}: by a TCP reset). */
    private void drop(Drop drop, int n, boolean reset) throws IOException {
        String user = "drop" + Math.abs(n);
        switch (drop) {
            case TCP_ONLY -> abort(new Socket(HOST, server.port()), reset);
            case HALF_CLIENT_HELLO, MID_HANDSHAKE -> {
                Socket socket = new Socket(HOST, server.port());
                byte[] hello = clientHello();
                if (drop == Drop.HALF_CLIENT_HELLO) {
                    socket.getOutputStream().write(hello, 0, hello.length / 2);
                } else {
                    socket.getOutputStream().write(hello);
                    socket.setSoTimeout(10_000);
                    if (socket.getInputStream().read() < 0) { // the server's first flight has begun
                        throw new IOException("the server closed during the handshake");
                    }
                }
                abort(socket, reset);
            }
            case AFTER_HANDSHAKE -> tls(new Socket(HOST, server.port())).abort(reset);
            case AFTER_HELLO -> {
                RawConnection raw = tls(new Socket(HOST, server.port()));
                raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "drop"));
                raw.readUntil(Frame.Welcome.class);
                raw.abort(reset);
            }
            case AFTER_LOGIN, MID_FRAME -> {
                RawConnection raw = tls(new Socket(HOST, server.port()));
                raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "drop"));
                raw.login(user, "password-of-" + user, null);
                if (drop == Drop.MID_FRAME) {
                    byte[] send = FrameStream.wire(new Frame.Send("half", Conversations.LOBBY, "never finished " + n));
                    raw.writeRaw(send, 0, send.length / 2);
                }
                raw.abort(reset);
            }
            case UNREAD_OUTPUT -> {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(HOST, server.port()));
                RawConnection raw = tls(socket);
                raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "drop"));
                raw.write(new Frame.Login("l", user, "password-of-" + user, null, null));
                for (int i = 0; i < 5; i++) {
                    raw.write(new Frame.History("h" + i, Conversations.LOBBY, 0, 200));
                }
                try {
                    Thread.sleep(30); // the server answers into a connection that reads nothing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                raw.abort(reset);
            }
        }
    }

    private RawConnection tls(Socket socket) throws IOException {
        return RawConnection.overTls(socket, HOST, server.port(), Duration.ofSeconds(20), trust.context());
    }

    private static void abort(Socket socket, boolean reset) throws IOException {
        if (reset) {
            socket.setSoLinger(true, 0);
        }
        socket.close();
    }

    /** A TLS ClientHello as the JDK's client sends it. */
    private byte[] clientHello() throws IOException {
        SSLEngine engine = trust.context().createSSLEngine(HOST, server.port());
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** Who is online, as a new login is told (the probe itself included). */
    private List<String> sessionsOnline() throws IOException {
        try (RawConnection probe = tls(new Socket(HOST, server.port()))) {
            probe.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "probe"));
            probe.login("probe", "password-of-probe", null);
            return probe.readUntil(Frame.Users.class).users().stream().map(Frame.UserStatus::user).sorted().toList();
        }
    }

    /**
     * Waits (up to 30 s) until the server's file descriptors and threads stop falling, or are back within the slack of
     * {@code baseline}; returns what it holds then.
     */
    private Snapshot settle(Snapshot baseline) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Snapshot last = snapshot();
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            Snapshot now = snapshot();
            boolean back = baseline != null && now.fds() <= baseline.fds() + FD_SLACK
                && now.threads("other") <= baseline.threads("other") + THREAD_SLACK;
            quiet = now.fds() >= last.fds() && now.total() >= last.total() ? quiet + 1 : 0;
            last = now;
            if (back || (baseline == null && quiet >= 4)) {
                break;
            }
        }
        return last;
    }

    private Snapshot snapshot() throws IOException {
        Map<String, Integer> threads = new TreeMap<>();
        for (String name : server.threadNames()) {
            String kind = name.startsWith("pool-") ? "workers" : name.startsWith("C1 Compi") || name.startsWith("C2 Compi") ? "jit" : "other";
            threads.merge(kind, 1, Integer::sum);
        }
        return new Snapshot(server.openFileDescriptors(), threads);
    }
}
