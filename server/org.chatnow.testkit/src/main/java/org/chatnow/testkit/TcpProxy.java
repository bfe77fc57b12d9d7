package org.chatnow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between clients and a server, to simulate network trouble: {@link #cutAll()} breaks every
 * connection through it at once (as a lost network does), while new connections keep working; {@link #refuse(boolean)}
 * makes it turn new connections away, as an unreachable server would.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean refusing;
    private final java.util.concurrent.atomic.AtomicLong forwarded = new java.util.concurrent.atomic.AtomicLong();
    private volatile long cutAt = Long.MAX_VALUE;
    private volatile long holdAt = Long.MAX_VALUE;
    private volatile boolean closed;

    public TcpProxy(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(target, 5000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    while (forwarded.get() + n > holdAt && !closed && !from.isClosed()) {
                        Thread.sleep(5);
                    }
                    out.write(buffer, 0, n);
                    if (forwarded.addAndGet(n) >= cutAt) {
                        cutAt = Long.MAX_VALUE;
                        cutAll();
                    }
                }
            } catch (IOException e) {
                // a cut or a close: end both sides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // closed already
        }
        sockets.remove(socket);
    }

    /** Breaks every connection open through the proxy (with a reset, as a network failure does). */
    public void cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Breaks every connection once {@code bytes} more bytes have passed through the proxy (in either direction). */
    public void cutAfter(long bytes) {
        cutAt = forwarded.get() + bytes;
    }

    /**
     * Holds back what would take the bytes forwarded (in either direction) beyond {@code bytes} more than so far: a
     * stalled network. {@link #release()} lets it through; {@link #cutAll()} drops it.
     */
    public void holdAfter(long bytes) {
        holdAt = forwarded.get() + bytes;
    }

    /** Forwards what is held back, and everything after it. */
    public void release() {
        holdAt = Long.MAX_VALUE;
    }

    /** Bytes forwarded so far, both directions together. */
    public long forwarded() {
        return forwarded.get();
    }

    /** While true, new connections are reset at once. */
    public void refuse(boolean value) {
        refusing = value;
    }

    public int openConnections() {
        return sockets.size() / 2;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cutAll();
        listener.close();
    }
}
