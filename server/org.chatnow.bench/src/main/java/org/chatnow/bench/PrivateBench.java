package org.chatnow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.chatnow.protocol.Frame;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Pairs of users exchanging private messages: throughput and latency, step by step to saturation. */
@Command(name = "private", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"N pairs of users exchange private messages (dm:<a>:<b>), both sides sending at a rate; a sweep of rates "
        + "until the server saturates. Latency is timed at the other party; throughput counts both copies (the server "
        + "also sends the sender its own message)."})
final class PrivateBench extends Scenario {
    @Option(names = {"-n", "--pairs"}, description = "pairs of users (default ${DEFAULT-VALUE})")
    int pairs = 100;

    @Option(names = "--rates", split = ",", description = "messages per user per second (default ${DEFAULT-VALUE})")
    double[] rates = {1, 5, 10, 20, 50, 100};

    @Mixin
    SweepOptions sweepOptions = new SweepOptions();

    @Override
    String name() {
        return "private";
    }

    @Override
    void run(Result result) throws Exception {
        try (Target target = startTarget(new Target.Settings()); RawNet net = target.net(common.ioThreads)) {
            describeTarget(result, target);
            checkDescriptors(target, 2 * pairs);
            String prefix = "p" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
            List<RawUser> all = new ArrayList<>();
            for (int i = 0; i < 2 * pairs; i++) {
                // a and b of pair k: names that sort a before b, so dm:<a>:<b> is the pair's conversation
                RawUser u = new RawUser(prefix + (i / 2) + (i % 2 == 0 ? "a" : "b"), "pw-" + prefix + i, net.nextLoop());
                u.index = i;
                all.add(u);
            }
            logInAll("private", all, target, 40);
            // the first message of each pair opens the conversation for both
            List<CompletableFuture<Frame>> opened = new ArrayList<>();
            for (int k = 0; k < pairs; k++) {
                RawUser a = all.get(2 * k);
                opened.add(a.request(id -> new Frame.Send(id, conversation(all, a), "hello")));
            }
            for (CompletableFuture<Frame> f : opened) {
                f.get(60, TimeUnit.SECONDS);
            }
            Thread.sleep(200);
            Sweep.Plan plan = new Sweep.Plan() {
                @Override
                public String conversation(RawUser sender) {
                    return PrivateBench.conversation(all, sender);
                }

                @Override
                public int recipients(RawUser sender) {
                    return 2;
                }

                @Override
                public int role(RawUser sender) {
                    return sender.index % 2;
                }

                @Override
                public boolean timed(RawUser receiver, int role) {
                    return receiver.index % 2 != role;
                }
            };
            Sweep sweep = new Sweep(all, all, plan, sweepOptions.textBytes);
            Result.Table table = result.table("private message steps", List.of("case", "rate_per_user"), Sweep.COLUMNS);
            Profiler profiler = Profiler.start(target, common.profile);
            double best = 0;
            double bestP99 = Double.NaN;
            for (SweepOptions.Ran ran : sweepOptions.run("private", pairs + " pairs", 2 * pairs, sweep, rates, table, target, net)) {
                if (ran.ok() && ran.step().sentPerSecond() > best) {
                    best = ran.step().sentPerSecond();
                    bestP99 = ran.p99Ms();
                }
            }
            if (profiler != null) {
                profiler.stopAndSummarize(result, "private sweep");
            }
            result.metric("max_sustained_private_messages_per_s", best);
            result.metric("p99_ms_at_max_sustained", bestP99);
            result.note("sent_per_s is private messages per second (each stored once and delivered twice); latency is timed at "
                + "the other party only.");
            all.forEach(RawUser::drop);
        }
    }

    static String conversation(List<RawUser> all, RawUser sender) {
        RawUser a = all.get(sender.index - sender.index % 2);
        RawUser b = all.get(sender.index - sender.index % 2 + 1);
        return "dm:" + a.name + ":" + b.name;
    }
}
