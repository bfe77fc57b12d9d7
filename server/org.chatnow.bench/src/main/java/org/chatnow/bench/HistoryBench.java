package org.chatnow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.JdbcChatStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** History requests on a room that holds many messages. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"A room holding M messages (seeded straight into the server's H2 database before the server starts, "
        + "or, with --server, sent through the protocol); readers request pages of --limit messages: the newest page, "
        + "and pages at random depths. Latency per request and requests per second, for each --concurrency."})
final class HistoryBench extends Scenario {
    static final String ROOM = "history";

    @Option(names = {"-m", "--messages"}, description = "messages in the room (default ${DEFAULT-VALUE})")
    long messages = 1_000_000;

    @Option(names = {"-r", "--requests"}, description = "requests of the newest page per case (default ${DEFAULT-VALUE})")
    int requests = 2000;

    @Option(names = "--deep-requests", description = "requests at random depths per case (default ${DEFAULT-VALUE})")
    int deepRequests = 100;

    @Option(names = "--limit", description = "messages per page (default ${DEFAULT-VALUE}; the server caps it at 200)")
    int limit = 100;

    @Option(names = "--concurrency", split = ",", description = "readers, each with one request in flight (default ${DEFAULT-VALUE})")
    int[] concurrency = {1, 8};

    @Option(names = "--text-bytes", description = "characters per seeded message (default ${DEFAULT-VALUE})")
    int textBytes = 64;

    @Override
    String name() {
        return "history";
    }

    @Override
    void run(Result result) throws Exception {
        Target.Settings settings = new Target.Settings();
        double[] seedSeconds = {Double.NaN};
        settings.seed = data -> seedSeconds[0] = seed(data);
        try (Target target = startTarget(settings); RawNet net = target.net(common.ioThreads)) {
            describeTarget(result, target);
            String prefix = "h" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
            int readers = 0;
            for (int c : concurrency) {
                readers = Math.max(readers, c);
            }
            List<RawUser> users = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                users.add(new RawUser(prefix + i, "pw-" + prefix + i, net.nextLoop()));
            }
            Waves.Wave wave = Waves.login(users, target.address(), false, 50, 120);
            if (wave.failures() > 0) {
                throw new IllegalStateException("logins failed: " + wave.firstError());
            }
            if (target.kind == Target.Kind.EXTERNAL) {
                seedSeconds[0] = seedThroughProtocol(users.get(0));
            }
            for (RawUser u : users) {
                u.request(id -> new Frame.RoomJoin(id, ROOM)).get(60, TimeUnit.SECONDS);
            }
            Frame.HistoryPage newest = (Frame.HistoryPage) users.get(0)
                .request(id -> new Frame.History(id, "room:" + ROOM, 0, 1)).get(60, TimeUnit.SECONDS);
            long last = newest.messages().isEmpty() ? 0 : newest.messages().get(0).seq();
            result.parameters.put("room_last_seq", last);
            Result.Table table = result.table("history requests", List.of("case", "readers"), "case", "readers", "requests",
                "requests_per_s", "p50_ms", "p90_ms", "p99_ms", "max_ms", "messages_per_page", "server_cpu_s", "generator_cpu_s");
            Profiler profiler = Profiler.start(target, common.profile);
            for (int c : concurrency) {
                for (boolean deep : new boolean[] {false, true}) {
                    String label = deep ? "random depth" : "newest page";
                    int count = deep ? deepRequests : requests;
                    progress("history: %s, %d readers, %d requests", label, c, count);
                    // one short unreported pass warms the JIT and the page cache
                    measure(users.subList(0, c), Math.max(1, count / 10), deep, last, target, net);
                    double cpu0 = target.cpuSeconds();
                    double gen0 = net.cpuSeconds();
                    Measured m = measure(users.subList(0, c), count, deep, last, target, net);
                    double gen = net.cpuSeconds() - gen0;
                    double server = target.cpuSeconds() - cpu0 - (target.separateProcess() ? 0 : gen);
                    table.row(label, c, count, count / m.seconds, Waves.ms(m.micros, 50), Waves.ms(m.micros, 90),
                        Waves.ms(m.micros, 99), Waves.maxMs(m.micros), m.messagesPerPage, server, gen);
                    if (c == 1) {
                        String key = deep ? "random_depth_page" : "newest_page";
                        result.metric(key + "_p50_ms", Waves.ms(m.micros, 50));
                        result.metric(key + "_p99_ms", Waves.ms(m.micros, 99));
                    }
                }
            }
            if (profiler != null) {
                profiler.stopAndSummarize(result, "history requests");
            }
            result.metric("seed_seconds", seedSeconds[0]);
            if (target.data != null) {
                result.metric("database_mib", dirSize(target.data) / 1048576.0);
            }
            result.note("each reader keeps one history request in flight (closed loop); latency from sending the request to "
                + "receiving its page. 'random depth' asks for the page before a random sequence number of the room.");
            users.forEach(RawUser::drop);
        }
    }

    private record Measured(double seconds, Histogram micros, double messagesPerPage) {
    }

    private Measured measure(List<RawUser> readers, int count, boolean deep, long last, Target target, RawNet net) throws Exception {
        Histogram micros = Waves.histogram();
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger pageMessages = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (RawUser r : readers) {
            next(r, count, deep, last, issued, micros, pageMessages, done, failure);
        }
        if (!done.await(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("history requests did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a history request failed", failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (micros) {
            return new Measured(seconds, micros.copy(), pageMessages.get() / (double) count);
        }
    }

    private void next(RawUser r, int count, boolean deep, long last, AtomicInteger issued, Histogram micros, AtomicInteger pageMessages,
        CountDownLatch done, AtomicReference<Throwable> failure) {
        if (issued.incrementAndGet() > count) {
            return;
        }
        long before = deep && last > limit + 1 ? ThreadLocalRandom.current().nextLong(limit + 1, last + 1) : 0;
        long t0 = System.nanoTime();
        CompletableFuture<Frame> page = r.request(id -> new Frame.History(id, "room:" + ROOM, before, limit))
            .orTimeout(60, TimeUnit.SECONDS);
        page.whenComplete((f, e) -> {
            long t = (System.nanoTime() - t0) / 1000;
            synchronized (micros) {
                micros.recordValue(Math.min(t, micros.getHighestTrackableValue()));
            }
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                pageMessages.addAndGet(((Frame.HistoryPage) f).messages().size());
            }
            done.countDown();
            next(r, count, deep, last, issued, micros, pageMessages, done, failure);
        });
    }

    /** Fills the room straight in the H2 database of a server not yet started; returns the seconds it took. */
    private double seed(Path data) throws Exception {
        long t0 = System.nanoTime();
        String url = JdbcChatStore.h2Url(data);
        JdbcChatStore.open(url, null, null).close(); // creates the schema
        progress("history: seeding %,d messages into room:%s", messages, ROOM);
        String pad = "x".repeat(Math.max(0, textBytes - 20));
        long now = System.currentTimeMillis() - messages;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement room = c.prepareStatement(
                "INSERT INTO rooms (name, topic, created_by, created_at) VALUES (?, 'history benchmark', NULL, 0)")) {
                room.setString(1, ROOM);
                room.executeUpdate();
            }
            long chunk = 100_000;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (conversation, seq, sender, client_id, sent_at, body) "
                + "SELECT ?, X, 'seed', NULL, ? + X, CONCAT('message ', X, ' ', ?) FROM SYSTEM_RANGE(?, ?)")) {
                for (long from = 1; from <= messages; from += chunk) {
                    insert.setString(1, "room:" + ROOM);
                    insert.setLong(2, now);
                    insert.setString(3, pad);
                    insert.setLong(4, from);
                    insert.setLong(5, Math.min(messages, from + chunk - 1));
                    insert.executeUpdate();
                    c.commit();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress("history: seeded in %.1f s", seconds);
        return seconds;
    }

    /** Against an external server: creates the room if needed and sends the messages it lacks, many in flight. */
    private double seedThroughProtocol(RawUser u) throws Exception {
        long t0 = System.nanoTime();
        try {
            u.request(id -> new Frame.RoomCreate(id, ROOM, "history benchmark")).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // exists already
        }
        u.request(id -> new Frame.RoomJoin(id, ROOM)).get(60, TimeUnit.SECONDS);
        Frame.HistoryPage newest = (Frame.HistoryPage) u.request(id -> new Frame.History(id, "room:" + ROOM, 0, 1)).get(60, TimeUnit.SECONDS);
        long have = newest.messages().isEmpty() ? 0 : newest.messages().get(0).seq();
        long missing = messages - have;
        progress("history: the room holds %,d messages; sending %,d more", have, Math.max(0, missing));
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(500);
        String pad = "x".repeat(Math.max(0, textBytes - 20));
        List<CompletableFuture<Frame>> tail = new ArrayList<>();
        for (long i = 0; i < missing; i++) {
            window.acquire();
            long n = have + i + 1;
            CompletableFuture<Frame> f = u.request(id -> new Frame.Send(id, "room:" + ROOM, "message " + n + " " + pad));
            f.whenComplete((x, e) -> window.release());
            tail.add(f);
            if (tail.size() > 1000) {
                tail.remove(0).get(60, TimeUnit.SECONDS);
            }
        }
        for (CompletableFuture<Frame> f : tail) {
            f.get(60, TimeUnit.SECONDS);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long dirSize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
