package org.chatnow.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Senders at a fixed rate each, receivers timing every delivery. A message's text carries the sender's
 * {@code System.nanoTime()} at sending (the generator sends and receives in one JVM, so the clocks agree), the step
 * it belongs to, and the sender's role; the receiver's loop computes the latency on arrival without decoding the frame.
 */
final class Sweep {
    /** Who sends where, how many deliveries a message makes, and which deliveries are timed. */
    interface Plan {
        String conversation(RawUser sender);

        /** Deliveries one message of {@code sender} makes to the generator's users (the sender's own copy included). */
        int recipients(RawUser sender);

        /** 0 or 1, carried in the stamp. */
        default int role(RawUser sender) {
            return 0;
        }

        /** Whether a delivery to {@code receiver} of a message from a sender of {@code role} is timed. */
        default boolean timed(RawUser receiver, int role) {
            return true;
        }
    }

    /** What one step measured. */
    record Step(double ratePerUser, int senders, long sent, long expected, long delivered, long timed, long stale, double duration,
        double elapsed, Histogram latencyMicros, Histogram lagMicros, double serverCpu, double generatorCpu) {
        double offeredDeliveriesPerSecond() {
            return expected / duration;
        }

        double deliveredPerSecond() {
            return elapsed <= 0 ? 0 : delivered / elapsed;
        }

        double sentPerSecond() {
            return sent / duration;
        }
    }

    private static final long NANOS_MASK = (1L << 51) - 1;
    private final List<RawUser> senders;
    private final Plan plan;
    private final int textBytes;
    private final long base = System.nanoTime();
    private volatile int step = -1;
    private volatile long stopAt;
    private final LongAdder sent = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder timed = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAccumulator lastDelivery = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final Recorder latency = new Recorder(TimeUnit.HOURS.toMicros(1), 3);
    private final Recorder lag = new Recorder(TimeUnit.HOURS.toMicros(1), 3);
    /** Request ids unique per sender across sweeps: a repeated id is taken for a resend and stored only once. */
    private static final AtomicLong IDS = new AtomicLong();

    Sweep(List<RawUser> senders, List<RawUser> receivers, Plan plan, int textBytes) {
        this.senders = senders;
        this.plan = plan;
        this.textBytes = textBytes;
        for (RawUser r : receivers) {
            r.onMessage = this::received;
        }
    }

    private void received(RawUser receiver, byte[] b, int off, int len) {
        long now = System.nanoTime();
        long stamp = Wire.stamp(b, off, len);
        if (stamp < 0) {
            return;
        }
        int messageStep = (int) (stamp >>> 52);
        if (messageStep != step) {
            stale.increment();
            return;
        }
        delivered.increment();
        receiver.received++;
        lastDelivery.accumulate(now);
        int role = (int) ((stamp >>> 51) & 1);
        if (plan.timed(receiver, role)) {
            timed.increment();
            long sentAt = base + (stamp & NANOS_MASK);
            latency.recordValue(Math.min(TimeUnit.HOURS.toMicros(1), Math.max(0, (now - sentAt) / 1000)));
        }
    }

    private void sendNext(RawUser sender, long scheduled, long period, int forStep) {
        if (step != forStep || scheduled >= stopAt || !sender.online) {
            return;
        }
        long now = System.nanoTime();
        lag.recordValue(Math.min(TimeUnit.HOURS.toMicros(1), Math.max(0, (now - scheduled) / 1000)));
        long stamp = ((long) forStep << 52) | ((long) (plan.role(sender) & 1) << 51) | ((now - base) & NANOS_MASK);
        String json = "{\"type\":\"send\",\"id\":\"b" + IDS.incrementAndGet() + "\",\"conversation\":\"" + plan.conversation(sender)
            + "\",\"text\":\"" + Wire.text(stamp, textBytes) + "\"}";
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[4 + payload.length];
        wire[0] = (byte) (payload.length >>> 24);
        wire[1] = (byte) (payload.length >>> 16);
        wire[2] = (byte) (payload.length >>> 8);
        wire[3] = (byte) payload.length;
        System.arraycopy(payload, 0, wire, 4, payload.length);
        sender.conn.send(wire);
        sent.increment();
        expected.add(plan.recipients(sender));
        sender.loop.schedule(scheduled + period, () -> sendNext(sender, scheduled + period, period, forStep));
    }

    /**
     * Runs one step: every sender sends {@code ratePerUser} messages a second for {@code seconds}, spread evenly; then
     * waits up to {@code drainSeconds} for the deliveries still under way.
     */
    Step run(int stepNumber, double ratePerUser, double seconds, double drainSeconds, Target target, RawNet net)
        throws InterruptedException {
        sent.reset();
        expected.reset();
        delivered.reset();
        timed.reset();
        stale.reset();
        latency.reset();
        lag.reset();
        long period = (long) (1e9 / ratePerUser);
        long start = System.nanoTime() + 50_000_000L;
        stopAt = start + (long) (seconds * 1e9);
        lastDelivery.reset();
        step = stepNumber;
        double cpu0 = target.cpuSeconds();
        double gen0 = net.cpuSeconds();
        int n = senders.size();
        for (int i = 0; i < n; i++) {
            RawUser s = senders.get(i);
            long first = start + period * i / n;
            s.loop.schedule(first, () -> sendNext(s, first, period, stepNumber));
        }
        long endNanos = stopAt;
        sleepUntil(endNanos);
        long drainDeadline = endNanos + (long) (drainSeconds * 1e9);
        while (System.nanoTime() < drainDeadline && delivered.sum() < expected.sum()) {
            Thread.sleep(10);
        }
        double gen = net.cpuSeconds() - gen0;
        double server = target.cpuSeconds() - cpu0 - (target.separateProcess() ? 0 : gen);
        long last = lastDelivery.get();
        double elapsed = last == Long.MIN_VALUE ? 0 : (last - start) / 1e9;
        step = -1; // late deliveries from now on count as stale
        if (delivered.sum() < expected.sum() && System.getenv("CHATNOW_BENCH_DEBUG") != null) {
            for (RawUser u : senders) {
                System.err.println("[bench] debug " + u.name + " received " + u.received + " online " + u.online + " acks " + u.acks);
            }
        }
        Histogram lat = latency.getIntervalHistogram();
        Histogram lg = lag.getIntervalHistogram();
        return new Step(ratePerUser, n, sent.sum(), expected.sum(), delivered.sum(), timed.sum(), stale.sum(), seconds, elapsed, lat,
            lg, server, gen);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
        }
    }

    /** Columns of a sweep table; {@link #row} fills them. */
    static final String[] COLUMNS = {"case", "users", "rate_per_user", "sent_per_s", "offered_deliveries_per_s",
        "delivered_per_s", "delivered_pct", "p50_ms", "p90_ms", "p99_ms", "max_ms", "send_lag_p99_ms", "server_cpu_cores",
        "generator_cpu_cores", "verdict"};

    static void row(Result.Table table, String label, int users, Step s, String verdict) {
        double wall = Math.max(s.elapsed(), s.duration());
        table.row(label, users, s.ratePerUser(), s.sentPerSecond(), s.offeredDeliveriesPerSecond(), s.deliveredPerSecond(),
            s.expected() == 0 ? Double.NaN : 100.0 * s.delivered() / s.expected(), Waves.ms(s.latencyMicros(), 50),
            Waves.ms(s.latencyMicros(), 90), Waves.ms(s.latencyMicros(), 99), Waves.maxMs(s.latencyMicros()),
            Waves.ms(s.lagMicros(), 99), s.serverCpu() / wall, s.generatorCpu() / wall, verdict);
    }

    /**
     * Whether a step kept up: everything delivered within the drain time, deliveries at least 90% of the offered rate,
     * and p99 within {@code maxP99Ms}.
     */
    static String verdict(Step s, double maxP99Ms) {
        if (s.delivered() < s.expected()) {
            return "saturated (lost/late)";
        }
        if (s.deliveredPerSecond() < 0.9 * s.offeredDeliveriesPerSecond()) {
            return "saturated (rate)";
        }
        if (Waves.ms(s.latencyMicros(), 99) > maxP99Ms) {
            return "saturated (p99)";
        }
        return "ok";
    }
}
