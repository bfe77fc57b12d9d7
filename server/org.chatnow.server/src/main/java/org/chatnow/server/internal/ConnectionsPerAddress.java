package org.chatnow.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many connections each remote address has open, chat and file connections together (both hold a socket, buffers
 * and, over TLS, an engine), and whether one more is allowed. Loopback counts like any other address: a relay on the
 * server's machine makes every client one address, and its operator raises the limit or turns it off. Connections
 * refused for being over the limit are not counted: they are closed within seconds.
 */
public final class ConnectionsPerAddress {
    private static final AttributeKey COUNTED = new AttributeKey(ConnectionsPerAddress.class, "counted");
    private static final AttributeKey OVER_LIMIT = new AttributeKey(ConnectionsPerAddress.class, "overLimit");
    private static final AttributeKey REFUSAL = new AttributeKey(ConnectionsPerAddress.class, "refusal");
    /** How long a refused connection may take to read why (over TLS: to finish its handshake first) before it is closed. */
    static final long REFUSED_CONNECTION_MILLIS = 5_000;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);

    private final int limit;
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong refusals = new AtomicLong();

    /** {@code limit} connections per address; 0 for no limit (they are counted all the same). */
    public ConnectionsPerAddress(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * Counts {@code session} in if its address has fewer than the limit open; false (and not counted, but marked
     * {@link #overLimit}) if it has as many already. Call once per connection, before anything else happens on it.
     */
    boolean admit(IoSession session) {
        InetAddress address = addressOf(session);
        if (address == null) {
            return true; // not a socket (in-memory tests): nothing to count
        }
        boolean[] admitted = {false};
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (limit > 0 && now >= limit) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        session.setAttribute(admitted[0] ? COUNTED : OVER_LIMIT, address);
        return admitted[0];
    }

    /** Whether {@link #admit} found {@code session} to be one too many. */
    boolean overLimit(IoSession session) {
        return session.containsAttribute(OVER_LIMIT);
    }

    /**
     * Tells {@code session} it is one too many: {@code send} writes the error and closes the connection once it is
     * sent. Over TLS that waits for the handshake ({@link #secured}), since a close requested before it would overtake
     * the error. Whatever happens the connection is closed within {@link #REFUSED_CONNECTION_MILLIS}, even if the
     * client reads nothing or never finishes its handshake. Logged at most every 10 s: a flood of refusals must not flood
     * the log.
     */
    void refuse(IoSession session, Deadlines deadlines, Consumer<Frame.Error> send) {
        long refused = refusals.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("refused a connection from {}: it has {} open, the most one address may (--max-connections-per-address); "
                + "{} refused since the server started", session.getAttribute(OVER_LIMIT), limit, refused);
        }
        deadlines.after(REFUSED_CONNECTION_MILLIS, session::closeNow);
        Frame.Error error = new Frame.Error(null, ErrorCodes.TOO_MANY_CONNECTIONS, "too many connections from your address (at most "
            + limit + " at once); close another one and try again");
        Runnable refusal = () -> send.accept(error);
        if (session.getFilterChain().get(SslFilter.class) == null) {
            refusal.run();
            return;
        }
        session.setAttribute(REFUSAL, refusal);
        if (session.containsAttribute(SslFilter.SSL_SECURED)) {
            secured(session); // the handshake finished before we got here
        }
    }

    /** The TLS handshake of {@code session} is done: a refusal waiting for it goes out now. */
    void secured(IoSession session) {
        Object refusal = session.removeAttribute(REFUSAL);
        if (refusal != null) {
            ((Runnable) refusal).run();
        }
    }

    /** {@code session} closed: it no longer counts (nothing happens if it never did). */
    void release(IoSession session) {
        Object address = session.removeAttribute(COUNTED);
        if (address != null) {
            open.computeIfPresent((InetAddress) address, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Connections open from {@code address} and counted. */
    public int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    /** How many addresses have connections open (the map holds no address without one). */
    public int addresses() {
        return open.size();
    }

    private static InetAddress addressOf(IoSession session) {
        return session.getRemoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
