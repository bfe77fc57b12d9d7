package org.chatnow.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;

/**
 * One user of the raw load generator: a connection that says hello, logs in (password or resume token) and then
 * sends and receives frames. Message frames go to {@link #onMessage} undecoded; presence and user lists are skipped
 * undecoded; everything else is decoded with the protocol's own JSON mapping. Runs on its loop's thread.
 */
final class RawUser implements RawNet.Handler {
    /** Hot path: a message frame arrived for {@code user}. */
    interface MessageSink {
        void message(RawUser user, byte[] bytes, int offset, int length);
    }

    final String name;
    final String password;
    final RawNet.Loop loop;
    String token;
    RawNet.Conn conn;
    volatile boolean online;
    long loginStarted;
    long loginDone;
    MessageSink onMessage;
    /** Index of the user in its scenario. */
    int index;
    private boolean helloOnly;
    private CompletableFuture<RawUser> ready;
    private final Map<String, CompletableFuture<Frame>> requests = new HashMap<>();
    private long ids;
    long skipped;
    /** Why the connection closed, if it did. */
    String closeCause;
    long received;
    long acks;

    RawUser(String name, String password, RawNet.Loop loop) {
        this.name = name;
        this.password = password;
        this.loop = loop;
    }

    /** Connects and logs in (with the resume token when {@code resume} and one is known); completes once synced. */
    CompletableFuture<RawUser> login(InetSocketAddress server, boolean resume) {
        CompletableFuture<RawUser> done = new CompletableFuture<>();
        loop.execute(() -> {
            ready = done;
            helloOnly = false;
            online = false;
            loginStarted = System.nanoTime();
            String resumeToken = resume ? token : null;
            conn = loop.connect(server, this, index);
            conn.send(Wire.encode(new Frame.Hello(Limits.PROTOCOL_VERSION, "ChatNow bench")));
            conn.send(Wire.encode(new Frame.Login(nextId(), name, resumeToken == null ? password : null, resumeToken, null)));
        });
        return done;
    }

    /** Connects and says hello only (a connection that has not logged in); completes on the welcome. */
    CompletableFuture<RawUser> hello(InetSocketAddress server) {
        CompletableFuture<RawUser> done = new CompletableFuture<>();
        loop.execute(() -> {
            ready = done;
            helloOnly = true;
            loginStarted = System.nanoTime();
            conn = loop.connect(server, this, index);
            conn.send(Wire.encode(new Frame.Hello(Limits.PROTOCOL_VERSION, "ChatNow bench")));
        });
        return done;
    }

    /** Logs in on a connection that has said hello. */
    CompletableFuture<RawUser> loginAfterHello(boolean resume) {
        CompletableFuture<RawUser> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (conn == null || !conn.isOpen()) {
                done.completeExceptionally(new IOException(name + ": the connection closed before the login"
                    + (closeCause == null ? "" : " (" + closeCause + ")")));
                return;
            }
            ready = done;
            helloOnly = false;
            loginStarted = System.nanoTime();
            String resumeToken = resume ? token : null;
            conn.send(Wire.encode(new Frame.Login(nextId(), name, resumeToken == null ? password : null, resumeToken, null)));
        });
        return done;
    }

    String nextId() {
        return name + "-" + (++ids);
    }

    /** Sends a frame; call on the loop thread. */
    void send(Frame frame) {
        conn.send(Wire.encode(frame));
    }

    /** Sends a request carrying {@code id} and completes with the answer that echoes it (thread-safe). */
    CompletableFuture<Frame> request(java.util.function.Function<String, Frame> frame) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        loop.execute(() -> {
            if (conn == null || !conn.isOpen()) {
                answer.completeExceptionally(new IOException(name + " is not connected"));
                return;
            }
            String id = nextId();
            requests.put(id, answer);
            conn.send(Wire.encode(frame.apply(id)));
        });
        return answer;
    }

    /** Closes the connection without logging out (the resume token stays valid). Thread-safe. */
    void drop() {
        loop.execute(() -> {
            online = false;
            if (conn != null) {
                conn.close();
            }
        });
    }

    @Override
    public void frame(RawNet.Conn c, byte[] b, int off, int len, boolean binary) {
        if (c != conn) {
            return;
        }
        if (Wire.is(b, off, len, Wire.MESSAGE)) {
            if (onMessage != null) {
                onMessage.message(this, b, off, len);
            }
            return;
        }
        if (Wire.is(b, off, len, Wire.PRESENCE) || Wire.is(b, off, len, Wire.USERS)) {
            skipped++;
            return;
        }
        if (Wire.is(b, off, len, Wire.ACK) && requests.isEmpty()) {
            acks++;
            return;
        }
        Frame frame;
        try {
            frame = FrameJson.fromBytes(b, off, len);
        } catch (MalformedFrameException e) {
            fail(new IllegalStateException("unreadable frame from the server: " + e.getMessage()));
            return;
        }
        switch (frame) {
            case Frame.Welcome w -> {
                if (helloOnly) {
                    complete();
                }
            }
            case Frame.LoginOk ok -> token = ok.resume();
            case Frame.Synced s -> {
                online = true;
                keepAlive(c);
                complete();
            }
            case Frame.Error e -> {
                CompletableFuture<Frame> request = e.id() == null ? null : requests.remove(e.id());
                if (request != null) {
                    request.completeExceptionally(new IllegalStateException(e.code() + ": " + e.message()));
                } else {
                    fail(new IllegalStateException(name + ": " + e.code() + ": " + e.message()));
                }
            }
            case Frame.Kicked k -> fail(new IllegalStateException(name + " was kicked: " + k.reason()));
            case Frame.Ack a -> answer(a.id(), a);
            case Frame.HistoryPage p -> answer(p.id(), p);
            case Frame.Room r -> answer(r.id(), r);
            case Frame.Rooms r -> answer(r.id(), r);
            case Frame.Ok o -> answer(o.id(), o);
            case Frame.Pong p -> answer(p.id(), p);
            default -> skipped++;
        }
    }

    /**
     * Pings every {@link #PING_SECONDS} s while the connection lasts, as the client library does: the server closes a
     * logged-in session that has sent nothing for two minutes.
     */
    private void keepAlive(RawNet.Conn c) {
        long period = PING_SECONDS * 1_000_000_000L;
        long first = System.nanoTime() + period / 2 + (long) (Math.random() * period / 2);
        loop.schedule(first, new Runnable() {
            long at = first;

            @Override
            public void run() {
                if (c == conn && c.isOpen()) {
                    c.send(Wire.encode(new Frame.Ping(null)));
                    at += period;
                    loop.schedule(at, this);
                }
            }
        });
    }

    static final int PING_SECONDS = 30;

    private void answer(String id, Frame frame) {
        CompletableFuture<Frame> request = id == null ? null : requests.remove(id);
        if (request != null) {
            request.complete(frame);
        } else if (frame instanceof Frame.Ack) {
            acks++;
        }
    }

    private void complete() {
        loginDone = System.nanoTime();
        CompletableFuture<RawUser> r = ready;
        if (r != null) {
            ready = null;
            r.complete(this);
        }
    }

    private void fail(Throwable cause) {
        CompletableFuture<RawUser> r = ready;
        if (r != null) {
            ready = null;
            r.completeExceptionally(cause);
        }
        requests.values().forEach(f -> f.completeExceptionally(cause));
        requests.clear();
    }

    @Override
    public void closed(RawNet.Conn c, IOException cause) {
        if (c != conn) {
            return;
        }
        online = false;
        closeCause = cause == null ? "closed by the server" : cause.toString();
        fail(new IOException(name + ": connection closed" + (cause == null ? "" : ": " + cause.getMessage()), cause));
    }

    /** Seconds from the start of the login to its completion. */
    double loginSeconds() {
        return (loginDone - loginStarted) / 1e9;
    }
}
