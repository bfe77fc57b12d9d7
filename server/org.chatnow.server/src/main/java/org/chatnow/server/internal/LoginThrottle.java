package org.chatnow.server.internal;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.session.IoSession;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed logins for one account (or
 * {@link #FREE_FAILURES_PER_ADDRESS} from one address, which many people may share) within {@link #WINDOW_MILLIS},
 * each further failure blocks that key for twice as long as the last (1 s, 2 s, 4 s ... up to
 * {@link #MAX_BLOCK_MILLIS}). A success clears the account's and the address's record.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final long WINDOW_MILLIS = 10 * 60_000L;
    static final long MAX_BLOCK_MILLIS = 5 * 60_000L;

    private record Failures(int count, long firstAt, long blockedUntil) {
    }

    private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();

    /** Milliseconds until {@code keys} may try again; 0 if none of them is blocked. */
    public long blockedFor(long now, String... keys) {
        long wait = 0;
        for (String key : keys) {
            Failures f = failures.get(key);
            if (f != null && f.blockedUntil > now) {
                wait = Math.max(wait, f.blockedUntil - now);
            }
        }
        return wait;
    }

    /** The key of the address {@code session} connects from. */
    public static String addressKey(IoSession session) {
        return "ip:" + (session.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
            : String.valueOf(session.getRemoteAddress()));
    }

    /** A block of {@code blockedMillis} in whole seconds, rounded up, at least 1 (what a rate-limited client is told). */
    public static int seconds(long blockedMillis) {
        return (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(blockedMillis + 999));
    }

    public void failed(long now, String... keys) {
        for (String key : keys) {
            failures.compute(key, (k, f) -> {
                if (f == null || now - f.firstAt > WINDOW_MILLIS) {
                    return new Failures(1, now, 0);
                }
                int count = f.count + 1;
                int free = k.startsWith("ip:") ? FREE_FAILURES_PER_ADDRESS : FREE_FAILURES;
                long block = count <= free ? 0 : Math.min(MAX_BLOCK_MILLIS, 1000L << Math.min(20, count - free - 1));
                return new Failures(count, f.firstAt, now + block);
            });
        }
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(e -> now - e.getValue().firstAt > WINDOW_MILLIS && e.getValue().blockedUntil < now);
        }
    }

    public void succeeded(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }
}
