package org.chatnow.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

/** Many raw users logging in at once, at most {@code window} at a time; how long until all are online. */
final class Waves {
    private Waves() {
    }

    /** How a wave went: wall time from the first attempt to the last completion, and each attempt's latency. */
    record Wave(int attempts, int failures, double seconds, Histogram micros, String firstError) {
        double perSecond() {
            return (attempts - failures) / seconds;
        }
    }

    static Histogram histogram() {
        return new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double maxMs(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }

    static Wave login(List<RawUser> users, InetSocketAddress server, boolean resume, int window, double timeoutSeconds)
        throws InterruptedException {
        return run(users, u -> u.login(server, resume), window, timeoutSeconds);
    }

    static Wave run(List<RawUser> users, Function<RawUser, CompletableFuture<RawUser>> step, int window, double timeoutSeconds)
        throws InterruptedException {
        int permits = window <= 0 ? Integer.MAX_VALUE / 2 : window;
        Semaphore inFlight = new Semaphore(permits);
        Histogram micros = histogram();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<CompletableFuture<RawUser>> all = new ArrayList<>(users.size());
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        long start = System.nanoTime();
        long[] end = {start};
        for (RawUser user : users) {
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            long begun = System.nanoTime();
            CompletableFuture<RawUser> f = step.apply(user).whenComplete((u, e) -> {
                long now = System.nanoTime();
                synchronized (micros) {
                    micros.recordValue(Math.min(micros.getHighestTrackableValue(), (now - begun) / 1000));
                    end[0] = Math.max(end[0], now);
                }
                if (e != null) {
                    failures.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(e instanceof java.util.concurrent.CompletionException
                        && e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                }
                inFlight.release();
            });
            all.add(f);
        }
        int unfinished = 0;
        for (CompletableFuture<RawUser> f : all) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // counted above
            } catch (java.util.concurrent.TimeoutException e) {
                unfinished++;
            }
        }
        int notStarted = users.size() - all.size();
        if (unfinished + notStarted > 0) {
            failures.addAndGet(unfinished + notStarted);
            firstError.compareAndSet(null, (unfinished + notStarted) + " did not finish within " + timeoutSeconds + " s");
        }
        synchronized (micros) {
            long last = unfinished + notStarted > 0 ? System.nanoTime() : end[0];
            return new Wave(users.size(), failures.get(), (last - start) / 1e9, micros.copy(), firstError.get());
        }
    }
}
