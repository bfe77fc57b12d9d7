package org.chatnow.testkit.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;

/**
 * A hand-driven ChatNow connection, for what the client library does not let one do (or hides): raw and broken
 * frames, binary frames, answers read one by one. Frames are written as the protocol encodes them and read through
 * the protocol's one stream reader ({@link FrameStream}). Not thread-safe.
 * <p>
 * Reads give up after a timeout (10 s unless {@link #timeout changed}). A connection opened with no timeout reads
 * its socket channel into a direct buffer instead, and hands binary payloads on without copying them: what a
 * benchmark's bulk transfer needs to cost no more than a plain socket copy.
 */
public final class RawConnection implements AutoCloseable {
    /** How long reads wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int BUFFER_BYTES = 1 << 20;

    /** The plain connection's channel; null over TLS, which reads and writes through {@link #socket}'s streams. */
    private final SocketChannel channel;
    private final Socket socket;
    private final java.io.OutputStream output;
    /** Timed reads go through the socket's stream (it honours the read timeout); untimed ones through the channel. */
    private final InputStream timedInput;
    /** Bytes read but not handed to the stream yet, between position and limit. */
    private final ByteBuffer in;
    private final FrameStream stream;
    /** What the stream handed on and nobody has read yet: frames, and whole binary payloads (byte[]). */
    private final ArrayDeque<Object> received = new ArrayDeque<>();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    /** Where binary payload pieces go while {@link #readBinary(long, Consumer)} runs, else null. */
    private Consumer<ByteBuffer> binaryPieces;
    private long binaryBytes;
    private Frame.Welcome welcome;
    private int ids;
    /** Over TLS: the TCP socket under it. */
    private Socket plain;

    private RawConnection(SocketChannel channel, Socket socket, Duration timeout) throws IOException {
        this.channel = channel;
        this.socket = socket;
        this.output = channel == null ? socket.getOutputStream() : null;
        boolean timed = !timeout.isZero();
        if (channel == null && !timed) {
            throw new IllegalArgumentException("a TLS connection reads with a timeout");
        }
        if (timed) {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            timedInput = socket.getInputStream();
            in = ByteBuffer.allocate(64 * 1024).flip();
        } else {
            timedInput = null;
            in = ByteBuffer.allocateDirect(BUFFER_BYTES).flip();
        }
        stream = new FrameStream(Integer.MAX_VALUE, new FrameStream.Sink() {
            @Override
            public boolean json(byte[] bytes, int offset, int length) {
                try {
                    received.add(FrameJson.fromBytes(bytes, offset, length));
                } catch (MalformedFrameException e) {
                    received.add(e);
                }
                return false; // one at a time: a binary payload after it may be wanted piece by piece
            }

            @Override
            public boolean binary(ByteBuffer piece, int left) {
                if (binaryPieces != null) {
                    binaryBytes += piece.remaining();
                    binaryPieces.accept(piece);
                } else {
                    byte[] bytes = new byte[piece.remaining()];
                    piece.get(bytes);
                    binary.writeBytes(bytes);
                    if (left == 0) {
                        received.add(binary.toByteArray());
                        binary.reset();
                    }
                }
                return false;
            }
        });
    }

    /** Connects without a word (what is sent first is up to the caller); reads time out after {@code timeout}, none if zero. */
    public static RawConnection open(String host, int port, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port));
        return new RawConnection(channel, channel.socket(), timeout);
    }

    /**
     * Connects over TLS without a word, trusting what {@code context} trusts; the handshake is done when this returns
     * ({@link #socket()} is then a {@link javax.net.ssl.SSLSocket} with its session).
     */
    public static RawConnection openTls(String host, int port, Duration timeout, javax.net.ssl.SSLContext context) throws IOException {
        Socket plain = new Socket(host, port);
        return overTls(plain, host, port, timeout, context);
    }

    /**
     * Starts TLS on {@code plain}, a connected socket (its options, such as a small receive buffer, already set), and
     * returns once the handshake is done. {@link #abort()} then drops the TCP connection under the TLS layer.
     */
    public static RawConnection overTls(Socket plain, String host, int port, Duration timeout, javax.net.ssl.SSLContext context)
        throws IOException {
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        tls.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        try {
            tls.startHandshake();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        RawConnection raw = new RawConnection(null, tls, timeout);
        raw.plain = plain;
        return raw;
    }

    /** Connects to {@code port} on the loopback address without a word. */
    public static RawConnection open(int port) throws IOException {
        return open("127.0.0.1", port, DEFAULT_TIMEOUT);
    }

    /** Connects, says hello and reads the welcome ({@link #welcome()}). */
    public static RawConnection connect(String host, int port, Duration timeout) throws IOException {
        RawConnection raw = open(host, port, timeout);
        raw.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "raw"));
        raw.welcome = raw.readUntil(Frame.Welcome.class);
        return raw;
    }

    /** Connects to {@code port} on the loopback address, says hello and reads the welcome. */
    public static RawConnection connect(int port) throws IOException {
        return connect("127.0.0.1", port, DEFAULT_TIMEOUT);
    }

    /** The server's welcome, if {@link #connect} read it. */
    public Frame.Welcome welcome() {
        return welcome;
    }

    /** Changes how long reads wait; only for a connection opened with a timeout. */
    public RawConnection timeout(Duration timeout) throws SocketException {
        if (timedInput == null || timeout.isZero()) {
            throw new IllegalStateException("a connection is opened timed or untimed");
        }
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
        return this;
    }

    /** The socket, for its options (no delay, linger...). */
    public Socket socket() {
        return socket;
    }

    /** A new request id. */
    public String nextId() {
        return "raw-" + (++ids);
    }

    public void write(Frame frame) throws IOException {
        writeRaw(ByteBuffer.wrap(FrameStream.wire(frame)));
    }

    /** Writes bytes as they are: broken frames, binary frames, pieces of frames. */
    public void writeRaw(byte[] bytes, int offset, int length) throws IOException {
        writeRaw(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Writes what is between {@code bytes}' position and limit as it is. */
    public void writeRaw(ByteBuffer bytes) throws IOException {
        if (output != null) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            output.write(copy);
            output.flush();
            return;
        }
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Reads from the network until the stream hands something on (in {@link #readBinary(long, Consumer)}: some bytes). */
    private void receive() throws IOException {
        while (received.isEmpty() && (binaryPieces == null || binaryBytes == 0)) {
            if (!in.hasRemaining()) {
                in.clear();
                int n;
                try {
                    if (timedInput != null) {
                        n = timedInput.read(in.array(), in.arrayOffset(), in.capacity());
                        in.position(Math.max(0, n));
                    } else {
                        n = channel.read(in);
                    }
                } catch (IOException e) {
                    in.limit(0); // nothing new: a read that timed out may be tried again
                    throw e;
                }
                in.flip();
                if (n < 0) {
                    throw new EOFException("the server closed the connection");
                }
            }
            try {
                stream.feed(in);
            } catch (FrameTooLargeException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private Object next() throws IOException {
        receive();
        Object next = received.poll();
        if (next instanceof MalformedFrameException e) {
            throw new IOException("unreadable frame: " + e.getMessage(), e);
        }
        return next;
    }

    /** The next JSON frame; a binary frame here fails (read those with {@link #readBinary()}). */
    public Frame read() throws IOException {
        Object next = next();
        if (next instanceof byte[] bytes) {
            throw new IOException("unexpected binary frame of " + bytes.length + " bytes");
        }
        return (Frame) next;
    }

    /** The next binary frame's payload; a JSON frame here fails. */
    public byte[] readBinary() throws IOException {
        Object next = next();
        if (next instanceof Frame frame) {
            throw new IOException("expected a binary frame, got " + frame);
        }
        return (byte[]) next;
    }

    /**
     * Hands the binary payload bytes that arrive to {@code pieces} (each valid only during the call, not copied) until
     * {@code total} bytes came; a JSON frame in between fails.
     */
    public void readBinary(long total, Consumer<ByteBuffer> pieces) throws IOException {
        if (!received.isEmpty()) {
            throw new IOException("expected binary frames, got " + received.peek());
        }
        binaryPieces = pieces;
        try {
            long got = 0;
            while (got < total) {
                binaryBytes = 0;
                receive();
                if (!received.isEmpty()) {
                    throw new IOException("unexpected frame after " + got + " bytes: " + received.peek());
                }
                got += binaryBytes;
            }
        } finally {
            binaryPieces = null;
        }
    }

    /** Reads until a frame of {@code type}, skipping others; an error frame fails. */
    public <T extends Frame> T readUntil(Class<T> type) throws IOException {
        while (true) {
            Frame frame = read();
            if (type.isInstance(frame)) {
                return type.cast(frame);
            }
            if (frame instanceof Frame.Error e) {
                throw new IOException("expected " + type.getSimpleName() + ", got " + e);
            }
        }
    }

    /** Reads until an error frame. */
    public Frame.Error readError() throws IOException {
        while (true) {
            if (read() instanceof Frame.Error e) {
                return e;
            }
        }
    }

    public Frame.LoginOk login(String user, String password, String resume) throws IOException {
        return login(user, password, resume, null);
    }

    public Frame.LoginOk login(String user, String password, String resume, Map<String, Long> have) throws IOException {
        write(new Frame.Login(nextId(), user, password, resume, have));
        return readUntil(Frame.LoginOk.class);
    }

    /** Logs in expecting a refusal; returns its error code. */
    public String loginRefused(String user, String password, String resume) throws IOException {
        write(new Frame.Login(nextId(), user, password, resume, null));
        return readError().code();
    }

    public void admin(String secret, String action, String user, String password) throws IOException {
        write(new Frame.Admin(nextId(), secret, action, user, password, null));
        readUntil(Frame.Ok.class);
    }

    /** An admin request expecting a refusal; returns its error code. */
    public String adminRefused(String secret, String action, String user, String password) throws IOException {
        write(new Frame.Admin(nextId(), secret, action, user, password, null));
        return readError().code();
    }

    /** Logs out and waits for the server to close the connection. */
    public void logout() throws IOException {
        write(new Frame.Logout());
        closedByServer();
    }

    /** Reads (and drops) until the server closes the connection; true once it has. */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                next();
            }
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /**
     * Drops the connection as a crashed client or a lost network would, whatever was still unsent or unread: with
     * {@code reset} a TCP reset, else a plain TCP close; over TLS without a close_notify either way.
     */
    public void abort(boolean reset) throws IOException {
        Socket tcp = channel != null ? channel.socket() : plain != null ? plain : socket;
        if (reset) {
            tcp.setSoLinger(true, 0);
        }
        tcp.close();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        } else {
            socket.close();
        }
    }
}
