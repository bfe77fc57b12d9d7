package org.chatnow.bench;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** The options of a rate sweep (fan-out, private messages), and running one: a warm-up, then a step per rate. */
final class SweepOptions {
    @Option(names = "--duration", description = "seconds of sending per step (default ${DEFAULT-VALUE})")
    double duration = 5;

    @Option(names = "--warmup", description = "seconds of sending at the first rate before each sweep, not reported (default ${DEFAULT-VALUE})")
    double warmup = 3;

    @Option(names = "--drain", description = "seconds a step waits for deliveries still under way (default ${DEFAULT-VALUE})")
    double drain = 10;

    @Option(names = "--text-bytes", description = "characters per message (default ${DEFAULT-VALUE})")
    int textBytes = 64;

    @Option(names = "--max-p99-ms", description = "a step whose p99 exceeds this is saturated (default ${DEFAULT-VALUE})")
    double maxP99Ms = 1000;

    @Option(names = "--no-stop", negatable = false, description = "run every rate even after saturation")
    boolean noStop;

    /** A step that ran, and whether it was ok. */
    record Ran(double rate, Sweep.Step step, boolean ok) {
        double p99Ms() {
            return Waves.ms(step.latencyMicros(), 99);
        }
    }

    /**
     * Warms up at the first rate, then runs a step per rate, adding a row for each to {@code table}, until one is
     * saturated (unless --no-stop). Returns the steps that ran.
     */
    List<Ran> run(String scenario, String label, int members, Sweep sweep, double[] rates, Result.Table table, Target target, RawNet net)
        throws InterruptedException {
        int stepNumber = table.rows.size() * 2 + 1;
        if (warmup > 0) {
            Scenario.progress("%s %s: warm-up %.0f s at %s/s per user", scenario, label, warmup, rates[0]);
            sweep.run(stepNumber++, rates[0], warmup, drain, target, net);
        }
        List<Ran> ran = new ArrayList<>();
        for (double rate : rates) {
            Scenario.progress("%s %s: %s messages/s per user for %.0f s", scenario, label, rate, duration);
            Sweep.Step s = sweep.run(stepNumber++, rate, duration, drain, target, net);
            String verdict = Sweep.verdict(s, maxP99Ms);
            Sweep.row(table, label, members, s, verdict);
            Scenario.progress("  -> %,.0f deliveries/s (%,.0f messages/s), p99 %.1f ms, %s", s.deliveredPerSecond(), s.sentPerSecond(),
                Waves.ms(s.latencyMicros(), 99), verdict);
            ran.add(new Ran(rate, s, verdict.equals("ok")));
            if (!verdict.equals("ok") && !noStop) {
                break;
            }
        }
        return ran;
    }
}
