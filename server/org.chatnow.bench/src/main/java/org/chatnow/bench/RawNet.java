package org.chatnow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.FrameTooLargeException;

/**
 * The load generator's network layer: a few threads, each a selector loop over many non-blocking connections, that
 * cut the byte stream into ChatNow frames without decoding them (the protocol's {@link FrameStream}). Thousands of connections cost a few kilobytes each
 * here (no thread, no codec, no JSON per frame unless a handler wants it), so the generator stays far lighter than
 * the server it loads. Everything about a connection happens on its loop's thread.
 * <p>
 * Over TLS ({@link #RawNet(int, BenchTls)}) each connection has a JDK {@link SSLEngine} driven by its loop: the
 * handshake (delegated tasks run on the loop), then every byte received is decrypted and cut into frames as above, and
 * every frame sent is encrypted; a connection's own memory is its engine and one network buffer.
 */
final class RawNet implements AutoCloseable {
    private final Loop[] loops;
    private final AtomicLong next = new AtomicLong();
    /** Null for plain TCP. */
    final BenchTls tls;

    RawNet(int threads) throws IOException {
        this(threads, null);
    }

    /** A generator whose connections speak TLS through {@code tls}, or plain TCP when it is null. */
    RawNet(int threads, BenchTls tls) throws IOException {
        this.tls = tls;
        loops = new Loop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop("bench-io-" + (i + 1), tls);
        }
    }

    /** The loops in turn, to spread connections. */
    Loop nextLoop() {
        return loops[(int) (next.getAndIncrement() % loops.length)];
    }

    Loop[] loops() {
        return loops;
    }

    /** CPU time the generator's threads have used, in seconds. */
    double cpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Loop loop : loops) {
            long t = threads.getThreadCpuTime(loop.thread.threadId());
            sum += Math.max(0, t);
        }
        return sum / 1e9;
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.close();
        }
    }

    /** What a connection's owner hears; called on the connection's loop thread. */
    interface Handler {
        default void connected(Conn conn) {
        }

        /**
         * One frame: payload at {@code bytes[offset..offset+length)}; valid only during the call. A binary payload comes
         * in the pieces it arrives in.
         */
        void frame(Conn conn, byte[] bytes, int offset, int length, boolean binary);

        default void closed(Conn conn, IOException cause) {
        }
    }

    /** One selector thread with its task queue and timers. */
    static final class Loop implements Runnable {
        private record Timer(long at, long order, Runnable task) {
        }

        final Thread thread;
        private final Selector selector;
        private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.order, b.order));
        private long timerOrder;
        private final ByteBuffer read = ByteBuffer.allocate(256 * 1024);
        private volatile boolean closed;
        final BenchTls tls;
        /** Buffers for decrypted bytes and for encrypted ones on their way out, lent to one use at a time. */
        private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();

        Loop(String name, BenchTls tls) throws IOException {
            this.tls = tls;
            selector = Selector.open();
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        boolean inLoop() {
            return Thread.currentThread() == thread;
        }

        /** Runs {@code task} on this loop (now if called from it). */
        void execute(Runnable task) {
            if (inLoop()) {
                task.run();
            } else {
                tasks.add(task);
                selector.wakeup();
            }
        }

        /** Runs {@code task} on this loop at {@code nanoTime} (System.nanoTime) or soon after. */
        void schedule(long nanoTime, Runnable task) {
            if (inLoop()) {
                timers.add(new Timer(nanoTime, timerOrder++, task));
            } else {
                execute(() -> timers.add(new Timer(nanoTime, timerOrder++, task)));
            }
        }

        /** A buffer for one TLS record operation (sized for several records); give it back with {@link #give}. */
        ByteBuffer take() {
            ByteBuffer b = spare.poll();
            return b != null ? b.clear() : ByteBuffer.allocate(TLS_BUFFER_BYTES);
        }

        void give(ByteBuffer b) {
            spare.push(b);
        }

        Conn connect(InetSocketAddress address, Handler handler) {
            return connect(address, handler, 0);
        }

        /** Connects; over TLS {@code sessionKey} names the user whose cached TLS session the handshake may resume. */
        Conn connect(InetSocketAddress address, Handler handler, int sessionKey) {
            Conn conn = new Conn(this, handler, tls == null ? null : tls.engine(sessionKey));
            execute(() -> {
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    conn.channel = channel;
                    if (channel.connect(address)) {
                        conn.key = channel.register(selector, SelectionKey.OP_READ, conn);
                        conn.established();
                    } else {
                        conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
                    }
                } catch (IOException e) {
                    conn.fail(e);
                }
            });
            return conn;
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    Runnable task;
                    while ((task = tasks.poll()) != null) {
                        run(task);
                    }
                    long now = System.nanoTime();
                    while (!timers.isEmpty() && timers.peek().at <= now) {
                        run(timers.poll().task);
                    }
                    long waitNanos = timers.isEmpty() ? 100_000_000L : timers.peek().at - System.nanoTime();
                    if (!tasks.isEmpty() || waitNanos < 200_000) {
                        selector.selectNow();
                    } else {
                        selector.select(Math.max(1, waitNanos / 1_000_000));
                    }
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        Conn conn = (Conn) key.attachment();
                        try {
                            if (!key.isValid()) {
                                continue;
                            }
                            if (key.isConnectable()) {
                                conn.channel.finishConnect();
                                key.interestOps(SelectionKey.OP_READ);
                                conn.established();
                            }
                            if (key.isValid() && key.isReadable()) {
                                conn.readable(read);
                            }
                            if (key.isValid() && key.isWritable()) {
                                conn.flush();
                            }
                        } catch (IOException e) {
                            conn.fail(e);
                        } catch (RuntimeException e) {
                            conn.fail(new IOException("handler failed: " + e, e));
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                if (!closed) {
                    System.err.println("[bench] " + thread.getName() + " stopped: " + e);
                }
            } finally {
                for (SelectionKey key : selector.keys()) {
                    if (key.attachment() instanceof Conn c) {
                        c.closeQuietly();
                    }
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }

        private static void run(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("[bench] a generator task failed: " + e);
                e.printStackTrace();
            }
        }

        void close() {
            closed = true;
            selector.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Room for four full TLS records: what one wrap or unwrap pass produces at most. */
    static final int TLS_BUFFER_BYTES = 4 * 16_709 + 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** A client connection: frames in, byte arrays out. */
    static final class Conn {
        final Loop loop;
        final Handler handler;
        /** Over TLS: the engine, the encrypted bytes received and not yet decrypted, and frames waiting for the handshake. */
        final SSLEngine tls;
        private ByteBuffer netIn;
        private ArrayDeque<byte[]> beforeHandshake;
        private boolean handshaken;
        /** Nanoseconds from the TCP connection to the end of the TLS handshake. */
        long handshakeNanos;
        private long connectedAt;
        SocketChannel channel;
        SelectionKey key;
        private final FrameStream frames = new FrameStream(Integer.MAX_VALUE, new FrameStream.Sink() {
            @Override
            public boolean json(byte[] bytes, int offset, int length) {
                framesIn++;
                handler.frame(Conn.this, bytes, offset, length, false);
                return !closed;
            }

            @Override
            public boolean binary(ByteBuffer piece, int left) {
                if (left == 0) {
                    framesIn++;
                }
                handler.frame(Conn.this, piece.array(), piece.arrayOffset() + piece.position(), piece.remaining(), true);
                return !closed;
            }
        });
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
        private boolean connected;
        private boolean closed;
        long bytesIn;
        long framesIn;

        Conn(Loop loop, Handler handler, SSLEngine tls) {
            this.loop = loop;
            this.handler = handler;
            this.tls = tls;
            if (tls != null) {
                netIn = ByteBuffer.allocate(tls.getSession().getPacketBufferSize());
                beforeHandshake = new ArrayDeque<>(2);
            }
        }

        boolean isOpen() {
            return !closed;
        }

        void established() throws IOException {
            connected = true;
            if (tls != null) {
                connectedAt = System.nanoTime();
                tls.beginHandshake();
                drive();
                flush();
                return;
            }
            handler.connected(this);
            flush();
        }

        /** Whether the TLS handshake is done (always true for plain TCP once connected). */
        boolean secured() {
            return tls == null ? connected : handshaken;
        }

        /** Queues {@code wire} (a whole frame, length prefix included); call on the loop thread. */
        void send(byte[] wire) {
            if (closed) {
                return;
            }
            if (tls != null) {
                if (!handshaken) {
                    beforeHandshake.add(wire);
                    return;
                }
                try {
                    encrypt(ByteBuffer.wrap(wire));
                } catch (IOException e) {
                    fail(e);
                }
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(wire);
            if (connected && out.isEmpty()) {
                try {
                    channel.write(buffer);
                } catch (IOException e) {
                    fail(e);
                    return;
                }
                if (!buffer.hasRemaining()) {
                    return;
                }
            }
            out.add(buffer);
            if (connected) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        /** Encrypts all of {@code plain} and sends (or queues) the records. */
        private void encrypt(ByteBuffer plain) throws IOException {
            ByteBuffer net = loop.take();
            try {
                while (plain.hasRemaining() && !closed) {
                    net.clear();
                    while (plain.hasRemaining() && net.remaining() >= tls.getSession().getPacketBufferSize()) {
                        SSLEngineResult r = tls.wrap(plain, net);
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new IOException("TLS closed");
                        }
                        if (r.getStatus() != SSLEngineResult.Status.OK) {
                            break;
                        }
                    }
                    net.flip();
                    sendEncrypted(net);
                }
            } finally {
                loop.give(net);
            }
        }

        /** Writes encrypted bytes now if nothing waits before them, else queues a copy. */
        private void sendEncrypted(ByteBuffer net) throws IOException {
            if (!net.hasRemaining()) {
                return;
            }
            if (connected && out.isEmpty()) {
                channel.write(net);
                if (!net.hasRemaining()) {
                    return;
                }
            }
            ByteBuffer copy = ByteBuffer.allocate(net.remaining());
            copy.put(net).flip();
            out.add(copy);
            if (connected) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
        }

        /**
         * Runs the TLS engine as far as the bytes received allow: handshake steps (wraps sent at once, delegated tasks
         * run here), then decrypting what arrived and handing it to the frame stream.
         */
        private void drive() throws IOException {
            while (!closed) {
                SSLEngineResult.HandshakeStatus status = tls.getHandshakeStatus();
                if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = tls.getDelegatedTask()) != null) {
                        task.run();
                    }
                    continue;
                }
                if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    ByteBuffer net = loop.take();
                    try {
                        SSLEngineResult r = tls.wrap(EMPTY, net);
                        net.flip();
                        sendEncrypted(net);
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                            throw new IOException("the server closed TLS");
                        }
                        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                            handshakeDone();
                        }
                    } finally {
                        loop.give(net);
                    }
                    continue;
                }
                ByteBuffer app = loop.take();
                SSLEngineResult r;
                try {
                    netIn.flip();
                    try {
                        r = tls.unwrap(netIn, app);
                    } finally {
                        netIn.compact();
                    }
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
                        handshakeDone();
                    }
                    if (app.position() > 0) {
                        feed(app.flip());
                    }
                } finally {
                    loop.give(app);
                }
                switch (r.getStatus()) {
                    case CLOSED -> {
                        fail(null);
                        return;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (!netIn.hasRemaining()) { // a record larger than the buffer
                            ByteBuffer larger = ByteBuffer.allocate(netIn.capacity() * 2);
                            netIn = larger.put(netIn.flip());
                        }
                        return;
                    }
                    case BUFFER_OVERFLOW -> throw new IOException("a TLS record larger than " + app.capacity() + " bytes");
                    default -> {
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && status != SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN) {
                            return;
                        }
                    }
                }
            }
        }

        private void handshakeDone() throws IOException {
            if (handshaken) {
                return;
            }
            handshaken = true;
            handshakeNanos = System.nanoTime() - connectedAt;
            handler.connected(this);
            byte[] wire;
            while ((wire = beforeHandshake.poll()) != null && !closed) {
                encrypt(ByteBuffer.wrap(wire));
            }
        }

        private void feed(ByteBuffer bytes) throws IOException {
            try {
                frames.feed(bytes);
            } catch (FrameTooLargeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        void readable(ByteBuffer read) throws IOException {
            if (tls != null) {
                int n = channel.read(netIn);
                if (n < 0) {
                    fail(null);
                    return;
                }
                bytesIn += Math.max(0, n);
                drive();
                return;
            }
            read.clear();
            int n = channel.read(read);
            if (n < 0) {
                fail(null);
                return;
            }
            if (n == 0) {
                return;
            }
            bytesIn += n;
            try {
                frames.feed(read.flip());
            } catch (FrameTooLargeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        void fail(IOException cause) {
            if (closed) {
                return;
            }
            closeQuietly();
            handler.closed(this, cause);
        }

        /** Closes the connection (no logout: as a client whose network went away). Call on the loop thread. */
        void close() {
            fail(null);
        }

        private void closeQuietly() {
            closed = true;
            out.clear();
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }
}
