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

import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.FrameTooLargeException;

/**
 * The load generator's network layer: a few threads, each a selector loop over many non-blocking connections, that
 * cut the byte stream into ChatNow frames without decoding them (the protocol's {@link FrameStream}). Thousands of connections cost a few kilobytes each
 * here (no thread, no codec, no JSON per frame unless a handler wants it), so the generator stays far lighter than
 * the server it loads. Everything about a connection happens on its loop's thread.
 */
final class RawNet implements AutoCloseable {
    private final Loop[] loops;
    private final AtomicLong next = new AtomicLong();

    RawNet(int threads) throws IOException {
        loops = new Loop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop("bench-io-" + (i + 1));
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

        Loop(String name) throws IOException {
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

        Conn connect(InetSocketAddress address, Handler handler) {
            Conn conn = new Conn(this, handler);
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

    /** A client connection: frames in, byte arrays out. */
    static final class Conn {
        final Loop loop;
        final Handler handler;
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

        Conn(Loop loop, Handler handler) {
            this.loop = loop;
            this.handler = handler;
        }

        boolean isOpen() {
            return !closed;
        }

        void established() throws IOException {
            connected = true;
            handler.connected(this);
            flush();
        }

        /** Queues {@code wire} (a whole frame, length prefix included); call on the loop thread. */
        void send(byte[] wire) {
            if (closed) {
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

        void readable(ByteBuffer read) throws IOException {
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
