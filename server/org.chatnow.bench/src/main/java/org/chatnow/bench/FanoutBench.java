package org.chatnow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Group chat: every member sends at a rate; deliveries per second and end-to-end latency, step by step to saturation. */
@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"N users in the lobby each send at a rate (messages per user per second); a sweep of rates until the "
        + "server saturates, each step reporting delivered messages per second and end-to-end latency "
        + "(p50/p90/p99/max, from the sender's clock in the text to the receiver's). Then the target case: a room of "
        + "--room-users members (the other users stay online in the lobby).",
        "A step is 'ok' when every delivery arrived, at >= 90%% of the offered rate, with p99 within --max-p99-ms."})
final class FanoutBench extends Scenario {
    @Option(names = {"-n", "--users"}, description = "users online, all in the lobby (default ${DEFAULT-VALUE})")
    int users = 200;

    @Option(names = "--rates", split = ",", description = "lobby sweep: messages per user per second (default ${DEFAULT-VALUE})")
    double[] rates = {0.5, 1, 2, 5, 10, 20};

    @Option(names = "--room-users", description = "members of the room of the second sweep; 0 skips it (default ${DEFAULT-VALUE})")
    int roomUsers = 50;

    @Option(names = "--room-rates", split = ",", description = "room sweep: messages per member per second (default ${DEFAULT-VALUE})")
    double[] roomRates = {10, 20, 40, 60, 80, 120, 160};

    @Option(names = "--skip-lobby", description = "run only the room sweep")
    boolean skipLobby;

    @Mixin
    SweepOptions sweepOptions = new SweepOptions();

    @Option(names = "--target-p99-ms", description = "the latency target: the summary also names the best step within it (default ${DEFAULT-VALUE})")
    double targetP99Ms = 20;

    @Option(names = "--login-concurrency", description = "logins in flight at once while setting up (default ${DEFAULT-VALUE})")
    int loginConcurrency = 40;

    @Override
    String name() {
        return "fanout";
    }

    @Override
    void run(Result result) throws Exception {
        Target.Settings settings = new Target.Settings();
        try (Target target = startTarget(settings); RawNet net = target.net(common.ioThreads)) {
            describeTarget(result, target);
            checkDescriptors(target, Math.max(users, roomUsers));
            String prefix = "f" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
            List<RawUser> all = new ArrayList<>();
            for (int i = 0; i < Math.max(users, roomUsers); i++) {
                RawUser u = new RawUser(prefix + i, "pw-" + prefix + i, net.nextLoop());
                u.index = i;
                all.add(u);
            }
            logInAll("fanout", all, target, loginConcurrency);
            Result.Table table = result.table("fan-out steps", List.of("case", "rate_per_user"), Sweep.COLUMNS);
            Map<String, long[]> threads0 = target.separateProcess() ? Proc.threadTicks(target.pid) : null;
            Profiler profiler = Profiler.start(target, common.profile);
            if (!skipLobby) {
                Sweep.Plan lobby = new Sweep.Plan() {
                    @Override
                    public String conversation(RawUser sender) {
                        return Limits.LOBBY;
                    }

                    @Override
                    public int recipients(RawUser sender) {
                        return all.size();
                    }
                };
                sweep(result, table, "lobby", all.size(), new Sweep(all.subList(0, users), all, lobby, sweepOptions.textBytes), rates, target, net);
            }
            if (roomUsers > 0) {
                String room = "fifty" + prefix.substring(1, prefix.length() - 1);
                List<RawUser> members = all.subList(0, roomUsers);
                members.get(0).request(id -> new Frame.RoomCreate(id, room, "benchmark room")).get(30, TimeUnit.SECONDS);
                List<CompletableFuture<Frame>> joins = new ArrayList<>();
                for (RawUser m : members.subList(1, members.size())) {
                    joins.add(m.request(id -> new Frame.RoomJoin(id, room)));
                }
                for (CompletableFuture<Frame> j : joins) {
                    j.get(60, TimeUnit.SECONDS);
                }
                String conversation = "room:" + room;
                Sweep.Plan plan = new Sweep.Plan() {
                    @Override
                    public String conversation(RawUser sender) {
                        return conversation;
                    }

                    @Override
                    public int recipients(RawUser sender) {
                        return roomUsers;
                    }
                };
                sweep(result, table, "room of " + roomUsers, roomUsers, new Sweep(members, members, plan, sweepOptions.textBytes), roomRates,
                    target, net);
            }
            if (profiler != null) {
                profiler.stopAndSummarize(result, "fan-out sweeps");
            }
            if (threads0 != null) {
                threadTable(result, "server threads' CPU during the sweeps", threads0, Proc.threadTicks(target.pid));
            }
            result.note("delivered_per_s counts every copy a client received (the sender's own copy included, as the server "
                + "sends it); latency is from the sender's clock at sending to the receiver's at arrival, both in the generator JVM.");
            result.note("send_lag_p99_ms: how late the generator sent against its schedule; large values mean the generator "
                + "(or the machine) could not keep up. server_cpu_cores and generator_cpu_cores: CPU used per second of the step"
                + (target.separateProcess() ? "." : " (in-process: server = JVM minus the generator's threads)."));
            all.forEach(RawUser::drop);
        }
    }

    private void sweep(Result result, Result.Table table, String label, int members, Sweep sweep, double[] stepRates, Target target,
        RawNet net) throws InterruptedException {
        double best = 0;
        double bestP99 = Double.NaN;
        double bestRate = 0;
        double withinTarget = 0;
        for (SweepOptions.Ran ran : sweepOptions.run("fanout", label, members, sweep, stepRates, table, target, net)) {
            Sweep.Step s = ran.step();
            if (ran.ok() && s.deliveredPerSecond() > best) {
                best = s.deliveredPerSecond();
                bestP99 = ran.p99Ms();
                bestRate = ran.rate();
            }
            if (s.delivered() == s.expected() && ran.p99Ms() <= targetP99Ms) {
                withinTarget = Math.max(withinTarget, s.deliveredPerSecond());
            }
        }
        String key = label.replace(' ', '_');
        result.metric(key + "_max_deliveries_per_s_with_p99_within_" + (long) targetP99Ms + "_ms", withinTarget);
        result.metric(key + "_max_sustained_deliveries_per_s", best);
        result.metric(key + "_max_sustained_rate_per_user", bestRate);
        result.metric(key + "_p99_ms_at_max_sustained", bestP99);
    }

    static void threadTable(Result result, String title, Map<String, long[]> before, Map<String, long[]> after) {
        Result.Table t = result.table(title, List.of("thread"), "thread", "user_s", "system_s");
        after.entrySet().stream()
            .map(e -> {
                long[] b = before.getOrDefault(e.getKey(), new long[2]);
                return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
            })
            .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
            .sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
            .limit(12)
            .forEach(e -> t.row(e.getKey(), e.getValue()[0] / (double) Proc.TICKS_PER_SECOND, e.getValue()[1] / (double) Proc.TICKS_PER_SECOND));
        long[] sum = after.values().stream().reduce(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        long[] sum0 = before.values().stream().reduce(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        t.row("(all)", (sum[0] - sum0[0]) / (double) Proc.TICKS_PER_SECOND, (sum[1] - sum0[1]) / (double) Proc.TICKS_PER_SECOND);
    }
}
