package org.chatnow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.Transport;
import org.chatnow.server.ServerConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** N users log in at once: first logins (which create the accounts), password logins, then resume-token logins. */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"N users log in; the time until all are online, for password logins and for resume-token logins.",
        "Runs twice: a few users with the server's default PBKDF2 cost (600000 iterations), then N users with the cost "
            + "lowered by --password-iterations (labelled in the table)."})
final class ConnectBench extends Scenario {
    @Option(names = {"-n", "--users"}, description = "users of the main run (default ${DEFAULT-VALUE})")
    int users = 1000;

    @Option(names = "--default-cost-users", description = "users of the run at the default PBKDF2 cost; 0 skips it (default ${DEFAULT-VALUE})")
    int defaultCostUsers = 20;

    @Option(names = "--password-iterations", description = "PBKDF2 cost of the main run (default ${DEFAULT-VALUE})")
    int passwordIterations = 1000;

    @Option(names = "--concurrency", description = "logins in flight at once; 0: all at once (default ${DEFAULT-VALUE}: below the "
        + "server's accept backlog of 4096, capped by net.core.somaxconn, beyond which connection attempts are dropped or reset)")
    int concurrency = 1000;

    @Option(names = "--rounds", split = ",", description = "rounds to run, in order (default ${DEFAULT-VALUE}); 'first' must come "
        + "first. Over TLS every round makes full handshakes except 'resume-tls': resume-token logins whose TLS handshakes "
        + "resume each user's session of the round before (TLS 1.3 session tickets); over plain TCP it is 'resume'")
    List<String> rounds = List.of("first", "password", "resume");

    @Option(names = "--client", description = "raw (the light load generator) or api (one ChatClient per user; no resume round) (default ${DEFAULT-VALUE})")
    String client = "raw";

    @Option(names = "--timeout", description = "seconds a round may take (default ${DEFAULT-VALUE})")
    double timeout = 300;

    @Override
    String name() {
        return "connect";
    }

    @Override
    void run(Result result) throws Exception {
        Result.Table table = result.table("logins", List.of("pbkdf2_iterations", "users", "round"),
            "pbkdf2_iterations", "users", "round", "all_online_s", "logins_per_s", "p50_ms", "p99_ms", "max_ms", "failures",
            "server_cpu_s", "generator_cpu_s", "full_tls_handshakes");
        if (common.server == null && defaultCostUsers > 0) {
            runAt(result, table, ServerConfig.DEFAULT_PASSWORD_ITERATIONS, defaultCostUsers);
        }
        runAt(result, table, common.server == null ? passwordIterations : -1, users);
        result.note("rounds: 'first' logs in new names (the server creates each account: one PBKDF2 hash), 'password' logs the "
            + "same users in again (one PBKDF2 verification each), 'resume' logs them in with the resume token of the "
            + "password round (no PBKDF2). Connections are dropped without logout between rounds, and the next round "
            + "starts once the server is idle again.");
        if (common.transport == BenchTransport.TLS) {
            result.note("over TLS a login's time includes its TLS handshake. full_tls_handshakes counts the certificate checks "
                + "of the round (one per full handshake; a resumed TLS 1.3 handshake presents no certificate): every round but "
                + "'resume-tls' starts with an empty session cache, 'resume-tls' offers each user's session (ticket) of the "
                + "round before. ChatNow's own client never resumes a TLS session (each connection checks the certificate again): "
                + "its reconnect storm is the 'resume' round.");
        }
        result.note("pbkdf2_iterations -1: an external server, whose cost is unknown here. Each login is timed from the "
            + "connect to the 'synced' frame (the user is online); all_online_s from the first connect to the last synced.");
    }

    private void runAt(Result result, Result.Table table, int iterations, int n) throws Exception {
        Target.Settings settings = new Target.Settings();
        settings.passwordIterations = Math.max(1, iterations);
        try (Target target = startTarget(settings)) {
            describeTarget(result, target);
            checkDescriptors(target, n);
            String prefix = "c" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
            if (client.equals("api")) {
                apiRounds(result, table, target, iterations, n, prefix);
                return;
            }
            try (RawNet net = target.net(common.ioThreads)) {
                List<RawUser> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    RawUser u = new RawUser(prefix + i, "pw-" + prefix + i, net.nextLoop());
                    u.index = i;
                    all.add(u);
                }
                for (String round : rounds) {
                    boolean resume = round.startsWith("resume");
                    if (target.tls != null && !round.equals("resume-tls")) {
                        target.tls.freshSessions(); // no cached TLS session: full handshakes (their tickets cached for the next round)
                    }
                    long checks0 = target.tls == null ? 0 : target.tls.certificateChecks();
                    Profiler profiler = resume && iterations != ServerConfig.DEFAULT_PASSWORD_ITERATIONS
                        ? Profiler.start(target, common.profile) : null;
                    double cpu0 = target.cpuSeconds();
                    double gen0 = net.cpuSeconds();
                    progress("connect: %d users, round %s (PBKDF2 %d)", n, round, iterations);
                    Waves.Wave wave = Waves.login(all, target.address(), resume, concurrency, timeout);
                    Long fullHandshakes = target.tls == null ? null : target.tls.certificateChecks() - checks0;
                    double gen = net.cpuSeconds() - gen0;
                    double server = target.cpuSeconds() - cpu0 - (target.separateProcess() ? 0 : gen);
                    if (profiler != null) {
                        profiler.stopAndSummarize(result, "connect resume round");
                    }
                    row(table, iterations, n, round, wave, server, gen, fullHandshakes);
                    if (wave.firstError() != null) {
                        result.note(round + " round, " + n + " users: " + wave.failures() + " failed, e.g. " + wave.firstError());
                    }
                    if (resume && iterations != ServerConfig.DEFAULT_PASSWORD_ITERATIONS) {
                        String key = round.replace('-', '_');
                        result.metric(key + "_logins_" + n + "_all_online_s", wave.seconds());
                        result.metric(key + "_logins_per_s", wave.perSecond());
                        result.metric(key + "_login_p99_ms", Waves.ms(wave.micros(), 99));
                        result.metric(key + "_server_cpu_s", server);
                        if (fullHandshakes != null) {
                            result.metric(key + "_full_tls_handshakes", fullHandshakes);
                        }
                    }
                    if (round.equals("password")) {
                        result.metric("password_logins_per_s_at_" + iterations, wave.perSecond());
                    }
                    all.forEach(RawUser::drop);
                    target.awaitQuiet(60);
                }
            }
        }
    }

    private static void row(Result.Table table, int iterations, int n, String round, Waves.Wave wave, double server, double gen,
        Long fullHandshakes) {
        Histogram h = wave.micros();
        table.row(iterations, n, round, wave.seconds(), wave.perSecond(), Waves.ms(h, 50), Waves.ms(h, 99), Waves.maxMs(h),
            wave.failures(), server, gen, fullHandshakes);
    }

    /** First and password rounds through the client library (ChatClient per user). */
    private void apiRounds(Result result, Result.Table table, Target target, int iterations, int n, String prefix) throws Exception {
        for (String round : List.of("first", "password")) {
            List<ChatClient> clients = new ArrayList<>();
            Histogram h = Waves.histogram();
            Semaphore inFlight = new Semaphore(concurrency <= 0 ? Integer.MAX_VALUE / 2 : concurrency);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            int[] failures = {0};
            double cpu0 = target.cpuSeconds();
            progress("connect (api): %d users, round %s", n, round);
            long start = System.nanoTime();
            long[] end = {start};
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                ChatClient c = target.configure(ChatClients.create());
                clients.add(c);
                long begun = System.nanoTime();
                futures.add(c.connect(target.serverAddress(), prefix + i, "pw-" + prefix + i).whenComplete((v, e) -> {
                    long now = System.nanoTime();
                    synchronized (h) {
                        h.recordValue((now - begun) / 1000);
                        end[0] = Math.max(end[0], now);
                        if (e != null) {
                            failures[0]++;
                        }
                    }
                    inFlight.release();
                }));
            }
            for (CompletableFuture<Void> f : futures) {
                try {
                    f.get((long) timeout, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // counted
                }
            }
            double seconds = (end[0] - start) / 1e9;
            double cpu = target.cpuSeconds() - cpu0;
            synchronized (h) {
                table.row(iterations, n, round + " (api)", seconds, (n - failures[0]) / seconds, Waves.ms(h, 50), Waves.ms(h, 99),
                    Waves.maxMs(h), failures[0], cpu, Double.NaN, null);
            }
            clients.parallelStream().forEach(ChatClient::close);
            target.awaitQuiet(60);
        }
        result.note("the api client has no resume round: ChatClient resumes with its token only by itself after a lost "
            + "connection; the raw client measures resume logins. With the api client in-process, server_cpu_s is the whole JVM.");
    }
}
