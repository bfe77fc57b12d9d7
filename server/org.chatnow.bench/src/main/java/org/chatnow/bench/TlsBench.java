package org.chatnow.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Plain TCP and TLS side by side in one run: the same scenarios (a 50-user room, resume-token logins, file transfers,
 * idle sessions), each against a fresh server started with the transport given explicitly, the two transports
 * alternating (plain first in odd runs, TLS first in even ones) so that a machine whose load drifts hurts both alike.
 * Prints per measure the median and range of each transport and the TLS/plain ratio (the median of the ratios of the
 * runs, each run's two figures taken minutes apart), against the targets.
 */
@Command(name = "tls", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Plain TCP and TLS side by side: the 50-user room (best deliveries/s with p99 within --target-p99-ms), "
        + "resume-token logins (full TLS handshakes, then TLS session resumption), wire uploads and downloads, and the "
        + "server's memory per idle session; each part --runs times per transport, alternating plain and TLS. Every server "
        + "is a process of its own (real settings) unless --in-process. The table gives medians, ranges and TLS/plain ratios; "
        + "--json also keeps every sub-run's tables."})
final class TlsBench extends Scenario {
    enum Part { ROOM, CONNECT, FILES, IDLE }

    @Option(names = "--parts", split = ",", description = "parts to run: room, connect, files, idle (default ${DEFAULT-VALUE})")
    List<Part> parts = List.of(Part.ROOM, Part.CONNECT, Part.FILES, Part.IDLE);

    @Option(names = "--runs", description = "runs of each part per transport (default ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--room-users", description = "members of the room (default ${DEFAULT-VALUE})")
    int roomUsers = 50;

    @Option(names = "--room-rates", split = ",", description = "room sweep: messages per member per second (default ${DEFAULT-VALUE})")
    double[] roomRates = {20, 40, 80, 120, 160, 240, 320};

    @Option(names = "--target-p99-ms", description = "the room's latency target (default ${DEFAULT-VALUE})")
    double targetP99Ms = 20;

    @Option(names = "--max-p99-ms", description = "the room sweep stops after the first step whose p99 exceeds this (default ${DEFAULT-VALUE})")
    double maxP99Ms = 60;

    @Option(names = "--duration", description = "seconds per room step (default ${DEFAULT-VALUE})")
    double duration = 5;

    @Option(names = "--warmup", description = "seconds of warm-up before the room sweep (default ${DEFAULT-VALUE})")
    double warmup = 3;

    @Option(names = "--login-users", description = "users of the login part (default ${DEFAULT-VALUE})")
    int loginUsers = 10_000;

    @Option(names = "--login-concurrency", description = "logins in flight at once (default ${DEFAULT-VALUE})")
    int loginConcurrency = 1000;

    @Option(names = "--file-size", description = "file size of the transfer part (default ${DEFAULT-VALUE})")
    String fileSize = "512m";

    @Option(names = "--file-warmup", description = "warm-up transfer before the measured ones (default ${DEFAULT-VALUE})")
    String fileWarmup = "128m";

    @Option(names = "--files-api", description = "also transfer through the client library (ChatClient over its own TLS)")
    boolean filesApi;

    @Option(names = "--idle-connections", description = "idle sessions; then half as many more for the marginal cost (default ${DEFAULT-VALUE})")
    int idleConnections = 4000;

    /** One measure's figures: per transport, one value per run. */
    private record Measure(String label, String unit, Double target, boolean higherIsBetter, List<Double> plain, List<Double> tls) {
    }

    private final Map<String, Measure> measures = new LinkedHashMap<>();
    private int currentRun;

    @Override
    String name() {
        return "tls";
    }

    @Override
    boolean processByDefault() {
        return true;
    }

    @Override
    void run(Result result) throws Exception {
        if (common.server != null) {
            throw new IllegalArgumentException("tls starts its own servers, one per transport and part: no --server");
        }
        for (int run = 1; run <= runs; run++) {
            List<BenchTransport> order = run % 2 == 1 ? List.of(BenchTransport.PLAIN, BenchTransport.TLS)
                : List.of(BenchTransport.TLS, BenchTransport.PLAIN);
            for (Part part : parts) {
                for (BenchTransport transport : order) {
                    progress("tls: run %d of %d, %s over %s", run, runs, part.name().toLowerCase(Locale.ROOT), transport.label());
                    Result sub = runPart(part, transport, run, result);
                    currentRun = run;
                    collect(part, transport, sub); // before the sub-run's tables are renamed into this result
                    for (Result.Table t : sub.tables) {
                        t.title = "run " + run + ", " + part.name().toLowerCase(Locale.ROOT) + ", " + transport.label() + ": " + t.title;
                        result.tables.add(t);
                    }
                    sub.notes.stream().filter(n -> !result.notes.contains(n)).forEach(result::note);
                }
            }
        }
        summarize(result);
    }

    private Result runPart(Part part, BenchTransport transport, int run, Result parent) throws Exception {
        CommonOptions options = common.with(transport);
        options.serverProcess = !common.inProcess;
        if (common.profile != null) {
            String base = common.profile.getFileName().toString().replaceFirst("\\.jfr$", "");
            options.profile = common.profile.resolveSibling(base + "-" + part.name().toLowerCase(Locale.ROOT) + "-"
                + transport.label() + "-" + run + ".jfr");
        }
        Result sub = new Result(part.name().toLowerCase(Locale.ROOT));
        Scenario scenario = switch (part) {
            case ROOM -> {
                FanoutBench f = new FanoutBench();
                f.skipLobby = true;
                f.users = roomUsers;
                f.roomUsers = roomUsers;
                f.roomRates = roomRates;
                f.targetP99Ms = targetP99Ms;
                f.sweepOptions.maxP99Ms = maxP99Ms;
                f.sweepOptions.duration = duration;
                f.sweepOptions.warmup = warmup;
                yield f;
            }
            case CONNECT -> {
                ConnectBench c = new ConnectBench();
                c.users = loginUsers;
                c.defaultCostUsers = 0;
                c.concurrency = loginConcurrency;
                c.rounds = transport == BenchTransport.TLS ? List.of("first", "resume", "resume-tls") : List.of("first", "resume");
                yield c;
            }
            case FILES -> {
                FilesBench f = new FilesBench();
                f.size = fileSize;
                f.warmup = fileWarmup;
                f.skipApi = !filesApi;
                yield f;
            }
            case IDLE -> {
                IdleBench i = new IdleBench();
                i.connections = idleConnections;
                yield i;
            }
        };
        scenario.common = options;
        scenario.run(sub);
        parent.machine.putIfAbsent("server", "a process of its own per part and transport (test kit ServerProcess)");
        return sub;
    }

    private void collect(Part part, BenchTransport transport, Result sub) {
        Map<String, Object> m = sub.metrics;
        switch (part) {
            case ROOM -> {
                String key = "room_of_" + roomUsers + "_";
                add("room: deliveries/s with p99 <= " + fmt(targetP99Ms) + " ms", "deliveries/s", 0.6, true, transport,
                    m.get(key + "max_deliveries_per_s_with_p99_within_" + (long) targetP99Ms + "_ms"));
                add("room: max sustained deliveries/s (p99 <= " + fmt(maxP99Ms) + " ms)", "deliveries/s", null, true, transport,
                    m.get(key + "max_sustained_deliveries_per_s"));
                // step by step at the same offered rates: latency and the server's CPU for the same work
                Result.Table steps = sub.find("fan-out steps");
                if (steps != null) {
                    for (Map<String, Object> row : steps.rows) {
                        String at = "  room at " + Result.format(row.get("offered_deliveries_per_s")) + " deliveries/s: ";
                        add(at + "p50", "ms", null, false, transport, row.get("p50_ms"));
                        add(at + "p99", "ms", null, false, transport, row.get("p99_ms"));
                        add(at + "server CPU", "cores", null, false, transport, row.get("server_cpu_cores"));
                    }
                }
            }
            case CONNECT -> {
                add(loginUsers + " resume-token logins, full TLS handshakes: all online", "s", null, false, transport,
                    m.get("resume_logins_" + loginUsers + "_all_online_s"));
                add("  full handshakes: logins/s", "logins/s", null, true, transport, m.get("resume_logins_per_s"));
                add("  full handshakes: login p99", "ms", null, false, transport, m.get("resume_login_p99_ms"));
                add("  full handshakes: server CPU", "CPU s", null, false, transport, m.get("resume_server_cpu_s"));
                // plain has no TLS to resume: its resume round stands for both
                String tlsKey = transport == BenchTransport.TLS ? "resume_tls" : "resume";
                add(loginUsers + " resume-token logins, TLS sessions resumed: all online", "s", null, false, transport,
                    m.get(tlsKey + "_logins_" + loginUsers + "_all_online_s"));
                add("  resumed: logins/s", "logins/s", null, true, transport, m.get(tlsKey + "_logins_per_s"));
                add("  resumed: login p99", "ms", null, false, transport, m.get(tlsKey + "_login_p99_ms"));
                add("  resumed: server CPU", "CPU s", null, false, transport, m.get(tlsKey + "_server_cpu_s"));
                if (transport == BenchTransport.TLS) {
                    add("  full handshakes in the full round (of " + loginUsers + ")", "count", null, true, transport,
                        m.get("resume_full_tls_handshakes"));
                    add("  full handshakes in the resumed round (0: all resumed)", "count", null, false, transport,
                        m.get("resume_tls_full_tls_handshakes"));
                }
            }
            case FILES -> {
                add("wire upload", "MiB/s", 0.5, true, transport, m.get("wire_upload_mib_per_s"));
                add("wire download", "MiB/s", 0.5, true, transport, m.get("wire_download_mib_per_s"));
                if (transport == BenchTransport.TLS) {
                    add("  baseline: loopback TLS copy, JDK SSLSocket both ends (a TLS download's ceiling)", "MiB/s", null, true,
                        transport, m.get("tls_copy_mib_per_s"));
                    add("  wire download over TLS as % of that copy", "%", null, true, transport, m.get("download_pct_of_tls_copy"));
                }
                add("  wire upload: server CPU", "CPU s", null, false, transport, m.get("wire_upload_server_cpu_s"));
                add("  wire download: server CPU", "CPU s", null, false, transport, m.get("wire_download_server_cpu_s"));
                if (filesApi) {
                    add("api upload (client hashes first)", "MiB/s", null, true, transport, m.get("api_upload_mib_per_s"));
                    add("api download (client writes, hashes, fsyncs)", "MiB/s", null, true, transport, m.get("api_download_mib_per_s"));
                }
            }
            case IDLE -> {
                add("memory per idle session: heap (marginal)", "bytes", null, false, transport, m.get("heap_per_added_idle_connection_bytes"));
                add("memory per idle session: RSS (marginal)", "bytes", null, false, transport, m.get("rss_per_added_idle_connection_bytes"));
                add("memory per idle session: heap (average of the first " + idleConnections + ")", "bytes", null, false, transport,
                    m.get("heap_per_logged_in_connection_bytes"));
                add("memory per idle session: RSS (average of the first " + idleConnections + ")", "bytes", null, false, transport,
                    m.get("rss_per_logged_in_connection_bytes"));
            }
        }
    }

    private void add(String label, String unit, Double target, boolean higherIsBetter, BenchTransport transport, Object value) {
        Measure measure = measures.computeIfAbsent(label,
            k -> new Measure(label, unit, target, higherIsBetter, new ArrayList<>(), new ArrayList<>()));
        double v = value instanceof Number n ? n.doubleValue() : Double.NaN;
        List<Double> values = transport == BenchTransport.TLS ? measure.tls() : measure.plain();
        while (values.size() < currentRun) { // by run, so that a step one run did not reach stays apart
            values.add(Double.NaN);
        }
        values.set(currentRun - 1, v);
    }

    private void summarize(Result result) {
        Result.Table table = result.table("TLS against plain TCP", List.of("measure"), "measure", "unit", "runs", "plain_median",
            "plain_min", "plain_max", "tls_median", "tls_min", "tls_max", "tls_over_plain", "ratio_min", "ratio_max", "target",
            "met");
        for (Measure m : measures.values()) {
            double[] ratios = new double[Math.min(m.plain().size(), m.tls().size())]; // NaN where a run lacks either
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = m.tls().get(i) / m.plain().get(i);
            }
            boolean hasPlain = m.plain().stream().anyMatch(v -> !v.isNaN());
            double ratio = hasPlain ? median(ratios) : Double.NaN;
            String met = m.target() == null ? null : Double.isNaN(ratio) || Double.isInfinite(ratio) ? "undetermined"
                : ratio >= m.target() ? "yes" : "NO";
            table.row(m.label(), m.unit(), (int) m.tls().stream().filter(v -> !v.isNaN()).count(), median(m.plain()), min(m.plain()), max(m.plain()), median(m.tls()),
                min(m.tls()), max(m.tls()), ratio, hasPlain ? min(ratios) : Double.NaN, hasPlain ? max(ratios) : Double.NaN,
                m.target() == null ? null : ">= " + fmt(m.target()), met);
            if (m.target() != null) {
                String key = m.label().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", "").toLowerCase(Locale.ROOT);
                result.metric(key + "_tls_over_plain", ratio);
                result.metric(key + "_target_met", "yes".equals(met));
            }
        }
        // the summary first: it is what the run is for
        result.tables.remove(table);
        result.tables.add(0, table);
        result.note("tls_over_plain: the median over the runs of each run's TLS figure divided by its plain figure (the two "
            + "measured one after the other; the transports alternate which goes first); ratio_min/max: the range of those. "
            + "For bytes and seconds lower is better, so a ratio above 1 is TLS's extra cost.");
        result.note("each part ran against a fresh server per transport; the load generator decodes every frame it needs "
            + "and over TLS decrypts everything with the JDK's SSLEngine (one selector thread), trusting the server's "
            + "self-signed certificate by its fingerprint, read from the server's data directory.");
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).filter(d -> !Double.isNaN(d)).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

}
