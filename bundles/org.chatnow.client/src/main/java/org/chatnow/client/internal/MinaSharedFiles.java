package org.chatnow.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.chatnow.client.ChatException;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.FileTransfer;
import org.chatnow.client.SharedFile;
import org.chatnow.client.SharedFiles;
import org.chatnow.client.TransferListener;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.protocol.mina.TlsWriteWindow;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.files.IncomingFile;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.mina.BinaryFrames;
import org.chatnow.protocol.mina.ChatCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder over file connections: each operation opens its own connection (hello, authorisation with the
 * chat login's token, then the request). Transfers stream in chunks with at most {@link #WINDOW_BYTES} unsent, so
 * memory stays bounded whatever the file size, and resume after a broken connection. Over TLS a file connection
 * accepts only the certificate the chat connection verified: the token must go nowhere else.
 */
final class MinaSharedFiles implements SharedFiles {
    static final long WINDOW_BYTES = 1 << 20;
    static final int MAX_RETRIES = 8;
    private static final Logger LOG = LoggerFactory.getLogger(MinaSharedFiles.class);
    private static final AttributeKey OPERATION = new AttributeKey(MinaSharedFiles.class, "operation");

    /**
     * Where and as whom to connect: known once the chat client has logged in; over TLS, {@code fingerprint} is the
     * certificate the chat connection verified.
     */
    record Access(String host, int port, String user, String token, Transport transport, String fingerprint) {
    }

    private final Supplier<Access> access;
    private final ScheduledExecutorService timer;
    private final ExecutorService hashing = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chatnow-file-hash");
        t.setDaemon(true);
        return t;
    });
    private final EnumMap<Transport, NioSocketConnector> connectors = new EnumMap<>(Transport.class);
    private boolean closed;

    MinaSharedFiles(Supplier<Access> access, ScheduledExecutorService timer) {
        this.access = access;
        this.timer = timer;
    }

    private synchronized NioSocketConnector connector(Transport transport) {
        if (closed) {
            throw new ChatException(ChatException.OFFLINE, "the client is closed");
        }
        NioSocketConnector connector = connectors.get(transport);
        if (connector == null) {
            connector = new NioSocketConnector(2);
            connectors.put(transport, connector);
            connector.setConnectTimeoutMillis(10_000);
            connector.getSessionConfig().setTcpNoDelay(true);
            connector.getSessionConfig().setReceiveBufferSize(1 << 20);
            connector.getSessionConfig().setSendBufferSize(1 << 20);
            // downloads arrive in large reads, each handed on whole (the codec slices binary frames out of the read buffer)
            connector.getSessionConfig().setMinReadBufferSize(4096);
            connector.getSessionConfig().setReadBufferSize(64 * 1024);
            connector.getSessionConfig().setMaxReadBufferSize(1 << 20);
            connector.getSessionConfig().setIdleTime(IdleStatus.BOTH_IDLE, 60);
            if (transport == Transport.TLS) {
                connector.getFilterChain().addLast("tls", new ClientTlsFilter());
                connector.getFilterChain().addLast("tls-window", new TlsWriteWindow());
            }
            connector.getFilterChain().addLast("codec", ChatCodecFactory.filter(Limits.MAX_FRAME_BYTES));
            connector.setHandler(new Handler());
        }
        return connector;
    }

    synchronized void close() {
        closed = true;
        connectors.values().forEach(c -> c.dispose(false));
        connectors.clear();
        hashing.shutdownNow();
    }

    static SharedFile toFile(Frame.SharedFile f) {
        return new SharedFile(f.name(), f.size(), f.uploader(), Instant.ofEpochMilli(f.time()), f.sha256());
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** One request on its own connection; subclasses say what to do once it is authorised. */
    private abstract class Operation {
        final String authId = newId();
        volatile IoSession session;

        /** Opens a connection for this operation; failures arrive at {@link #connectionLost}. */
        void open() {
            Access a;
            try {
                a = access.get();
            } catch (ChatException e) {
                failed(e);
                return;
            }
            if (a == null) {
                failed(new ChatException(ChatException.OFFLINE, "log in first: the shared folder uses the chat session"));
                return;
            }
            if (a.port() <= 0) {
                failed(new ChatException(ErrorCodes.UNKNOWN_FILE, "this server has no shared folder"));
                return;
            }
            if (a.transport() == Transport.TLS && a.fingerprint() == null) {
                failed(new ChatException(ChatException.OFFLINE, "the chat connection has not verified the server yet"));
                return;
            }
            TlsPeer peer = a.transport() == Transport.TLS
                ? new TlsPeer(new ServerAddress(a.host(), a.port()), null, a::fingerprint, refused -> timer.execute(() -> failed(refused)))
                : null;
            ConnectFuture connecting;
            try {
                connecting = connector(a.transport()).connect(new InetSocketAddress(a.host(), a.port()), (s, f) -> {
                    s.setAttribute(OPERATION, this);
                    if (peer != null) {
                        peer.attachTo(s);
                    }
                });
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            connecting.addListener(f -> {
                ConnectFuture done = (ConnectFuture) f;
                if (!done.isConnected()) {
                    connectionLost("cannot reach the file service at " + a.host() + ":" + a.port());
                    return;
                }
                IoSession s = done.getSession();
                session = s;
                s.setAttribute(OPERATION, this);
                s.write(new Frame.Hello(Limits.PROTOCOL_VERSION, MinaChatClient.CLIENT_NAME));
                s.write(new Frame.FileAuth(authId, a.user(), a.token()));
            });
        }

        void frame(IoSession s, Frame frame) {
            if (frame instanceof Frame.Welcome || frame instanceof Frame.Pong) {
                return;
            }
            if (frame instanceof Frame.Ping ping) { // the server heard nothing for a while
                s.write(new Frame.Pong(ping.id()));
                return;
            }
            if (frame instanceof Frame.Ok ok && authId.equals(ok.id())) {
                authorised(s);
                return;
            }
            if (frame instanceof Frame.Error e) {
                s.closeNow();
                failed(new ChatException(e.code(), e.message()));
                return;
            }
            answer(s, frame);
        }

        abstract void authorised(IoSession s);

        abstract void answer(IoSession s, Frame frame);

        void data(IoSession s, DataChunk chunk) throws IOException {
            s.closeNow();
            failed(new ChatException(ErrorCodes.UNEXPECTED_DATA, "the server sent data nobody asked for"));
        }

        void sent(IoSession s) {
        }

        /** The connection ended before the operation was done. */
        void connectionLost(String why) {
            failed(new ChatException(ChatException.UNREACHABLE, why));
        }

        abstract void failed(Throwable error);
    }

    private final class Simple<T> extends Operation {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final java.util.function.Function<String, Frame> request;
        final java.util.function.Function<Frame, T> reply;
        String requestId;

        Simple(java.util.function.Function<String, Frame> request, java.util.function.Function<Frame, T> reply) {
            this.request = request;
            this.reply = reply;
        }

        @Override
        void authorised(IoSession s) {
            requestId = newId();
            s.write(request.apply(requestId));
        }

        @Override
        void answer(IoSession s, Frame frame) {
            s.closeNow();
            result.complete(reply.apply(frame));
        }

        @Override
        void failed(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    @Override
    public CompletableFuture<List<SharedFile>> list() {
        Simple<List<SharedFile>> op = new Simple<>(Frame.FileList::new,
            f -> ((Frame.Files) f).files().stream().map(MinaSharedFiles::toFile).toList());
        op.open();
        return op.result;
    }

    @Override
    public CompletableFuture<Void> delete(String name) {
        Simple<Void> op = new Simple<>(id -> new Frame.FileDelete(id, name), f -> null);
        op.open();
        return op.result;
    }

    /** Shared parts of uploads and downloads: the result, retries, cancel, progress. */
    private abstract class Transfer extends Operation implements FileTransfer {
        final CompletableFuture<SharedFile> result = new CompletableFuture<>();
        final TransferListener listener;
        volatile long done;
        volatile long size = -1;
        volatile boolean cancelled;
        /** Set once every byte has arrived: what is left (checks, moving the file) no longer needs the connection. */
        volatile boolean finishing;
        int retries;

        Transfer(TransferListener listener) {
            this.listener = listener == null ? TransferListener.NONE : listener;
        }

        @Override
        public CompletableFuture<SharedFile> result() {
            return result;
        }

        @Override
        public long done() {
            return done;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void cancel() {
            cancelled = true;
            IoSession s = session;
            if (s != null) {
                s.closeNow();
            }
            release();
            result.completeExceptionally(new CancellationException("cancelled"));
        }

        /** Closes open files; called once the transfer has ended one way or another, or before a retry. */
        abstract void release();

        @Override
        void connectionLost(String why) {
            release();
            if (cancelled || result.isDone() || finishing) {
                return;
            }
            if (++retries > MAX_RETRIES) {
                failed(new ChatException(ChatException.UNREACHABLE, why + " (gave up after " + MAX_RETRIES + " retries)"));
                return;
            }
            listener.retrying(why, retries);
            long delay = Math.min(8000, 250L << Math.min(retries, 5));
            timer.schedule(() -> {
                if (!cancelled && !result.isDone()) {
                    open();
                }
            }, delay, TimeUnit.MILLISECONDS);
        }

        @Override
        void failed(Throwable error) {
            release();
            result.completeExceptionally(error);
        }

        void succeeded(IoSession s, SharedFile file) {
            release();
            s.closeNow();
            result.complete(file);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hashes the first {@code length} bytes of {@code file}. */
    static MessageDigest hashPrefix(Path file, long length) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " is shorter than expected");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return digest;
    }

    private final class Upload extends Transfer {
        final Path source;
        final String name;
        /** The conversation of an attachment; null for the shared folder. */
        String conversation;
        String sha256;
        String requestId;
        FileChannel channel;
        long position;
        /** Lengths of the chunks written and not yet sent, oldest first: the window counts them itself (see pump). */
        final ArrayDeque<Integer> unsent = new ArrayDeque<>();
        long unsentBytes;

        Upload(Path source, String name, TransferListener listener) {
            super(listener);
            this.source = source;
            this.name = name;
        }

        void begin() {
            CompletableFuture.runAsync(() -> {
                try {
                    size = Files.size(source);
                    sha256 = HexFormat.of().formatHex(hashPrefix(source, size).digest());
                } catch (IOException e) {
                    throw new ChatException("unreadable", "cannot read " + source + ": " + e.getMessage(), e);
                }
            }, hashing).whenComplete((ok, error) -> {
                if (error != null) {
                    failed(error.getCause() != null ? error.getCause() : error);
                } else if (!cancelled) {
                    open();
                }
            });
        }

        @Override
        void authorised(IoSession s) {
            requestId = newId();
            s.write(new Frame.Upload(requestId, name, size, sha256, conversation));
        }

        @Override
        void answer(IoSession s, Frame frame) {
            switch (frame) {
                case Frame.UploadReady ready -> {
                    try {
                        channel = FileChannel.open(source, StandardOpenOption.READ);
                        unsent.clear();
                        unsentBytes = 0;
                        position = ready.offset();
                        done = position;
                        listener.progress(done, size);
                        pump(s);
                    } catch (IOException e) {
                        s.closeNow();
                        failed(new ChatException("unreadable", "cannot read " + source + ": " + e.getMessage(), e));
                    }
                }
                case Frame.UploadDone finished -> succeeded(s, toFile(finished.file()));
                default -> LOG.debug("ignoring {} during an upload", frame);
            }
        }

        /**
         * Sends chunks while fewer than {@link #WINDOW_BYTES} are waiting to go out. The window counts the chunks
         * written and not yet reported sent, not the session's scheduled bytes: under TLS the chunks wait in the TLS
         * filter before they are encrypted, where the session does not count them.
         */
        synchronized void pump(IoSession s) {
            try {
                while (channel != null && position < size && unsentBytes < WINDOW_BYTES && !s.isClosing()) {
                    int length = (int) Math.min(DataChunk.SIZE, size - position);
                    IoBuffer frame = BinaryFrames.allocate(length);
                    ByteBuffer buffer = frame.buf();
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, position + buffer.position() - BinaryFrames.HEADER_BYTES) < 0) {
                            throw new IOException(source + " became shorter during the upload");
                        }
                    }
                    position += length;
                    unsent.add(length);
                    unsentBytes += length;
                    frame.flip();
                    s.write(frame);
                }
            } catch (IOException e) {
                s.closeNow();
                failed(new ChatException("unreadable", e.getMessage(), e));
            }
        }

        @Override
        synchronized void sent(IoSession s) {
            if (channel == null) {
                return; // the requests before upload_ready: nothing of the file has gone yet (a resume starts further on)
            }
            Integer length = unsent.poll();
            if (length != null) {
                unsentBytes -= length;
            }
            done = Math.min(position, Math.max(done, position - unsentBytes));
            listener.progress(done, size);
            pump(s);
        }

        @Override
        void release() {
            FileChannel c = channel;
            channel = null;
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // read-only
                }
            }
        }
    }

    @Override
    public FileTransfer upload(Path source, String name, TransferListener listener) {
        Upload upload = new Upload(source, name, listener);
        upload.begin();
        return upload;
    }

    @Override
    public FileTransfer attach(String conversation, Path source, String name, TransferListener listener) {
        Upload upload = new Upload(source, name, listener);
        upload.conversation = java.util.Objects.requireNonNull(conversation, "conversation");
        upload.begin();
        return upload;
    }

    private final class Download extends Transfer {
        final String name;
        final Path target;
        final Path part;
        /** The conversation of an attachment; null for the shared folder. */
        String conversation;
        String requestId;
        /** The partial file, appended on the connection's thread, hashed and synced behind it. */
        IncomingFile incoming;
        SharedFile file;

        Download(String name, Path target, TransferListener listener) {
            super(listener);
            this.name = name;
            this.target = target;
            this.part = target.resolveSibling(target.getFileName() + ".part");
        }

        @Override
        void authorised(IoSession s) {
            requestId = newId();
            long offset = 0;
            try {
                offset = Files.exists(part) ? Files.size(part) : 0;
            } catch (IOException e) {
                // start from the beginning
            }
            s.write(new Frame.Download(requestId, name, offset, conversation));
        }

        @Override
        void answer(IoSession s, Frame frame) {
            if (!(frame instanceof Frame.DownloadReady ready)) {
                LOG.debug("ignoring {} during a download", frame);
                return;
            }
            try {
                file = toFile(ready.file());
                size = file.size();
                Files.createDirectories(part.toAbsolutePath().getParent());
                incoming = IncomingFile.open(part, ready.offset(), size);
                done = incoming.received();
                listener.progress(done, size);
                if (done == size) {
                    complete(s);
                }
            } catch (IOException e) {
                s.closeNow();
                failed(new ChatException("unwritable", "cannot write " + part + ": " + e.getMessage(), e));
            }
        }

        @Override
        void data(IoSession s, DataChunk chunk) throws IOException {
            IncomingFile into = incoming;
            if (into == null || !into.append(chunk.data())) {
                s.closeNow();
                failed(new ChatException(ErrorCodes.UNEXPECTED_DATA, "the server sent more than the file holds"));
                return;
            }
            done = into.received();
            listener.progress(done, size);
            if (done == size) {
                complete(s);
            }
        }

        /** Syncs, checks the hash and moves the file into place, off the connection's thread (the hash may lag behind). */
        private void complete(IoSession s) {
            IncomingFile into = incoming;
            incoming = null; // the completion owns it now
            finishing = true;
            CompletableFuture.runAsync(() -> {
                try {
                    into.force();
                    String actual = into.finishHash();
                    if (!actual.equals(file.sha256())) {
                        into.discard();
                        s.closeNow();
                        failed(new ChatException(ErrorCodes.CHECKSUM_MISMATCH, "the downloaded bytes of " + name
                            + " do not match the server's SHA-256; the partial file was removed, download it again"));
                        return;
                    }
                    into.close();
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    succeeded(s, file);
                } catch (IOException e) {
                    s.closeNow();
                    failed(new ChatException("unwritable", "cannot finish " + target + ": " + e.getMessage(), e));
                }
            }, hashing);
        }

        @Override
        void release() {
            IncomingFile into = incoming;
            incoming = null;
            if (into != null) {
                into.close(); // the bytes written so far stay in the part file for a resume
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // nothing else to clean
            }
        }
    }

    @Override
    public FileTransfer download(String name, Path target, TransferListener listener) {
        Download download = new Download(name, target, listener);
        download.open();
        return download;
    }

    @Override
    public FileTransfer downloadAttachment(String conversation, String attachment, Path target, TransferListener listener) {
        Download download = new Download(attachment, target, listener);
        download.conversation = java.util.Objects.requireNonNull(conversation, "conversation");
        download.open();
        return download;
    }

    /** Routes MINA events to the operation of each file connection. */
    private final class Handler extends IoHandlerAdapter {

        private Operation operation(IoSession s) {
            return (Operation) s.getAttribute(OPERATION);
        }

        @Override
        public void messageReceived(IoSession s, Object message) throws Exception {
            Operation op = operation(s);
            if (op == null) {
                s.closeNow();
                return;
            }
            if (message instanceof DataChunk chunk) {
                op.data(s, chunk);
            } else {
                op.frame(s, (Frame) message);
            }
        }

        @Override
        public void messageSent(IoSession s, Object message) {
            Operation op = operation(s);
            if (op != null && message instanceof IoBuffer) {
                op.sent(s);
            }
        }

        @Override
        public void sessionClosed(IoSession s) {
            Operation op = operation(s);
            if (op == null) {
                return;
            }
            TlsPeer peer = TlsPeer.of(s);
            UntrustedServerException untrusted = peer == null ? null : peer.rejection();
            if (untrusted != null) {
                op.failed(untrusted); // not a lost connection: retrying would meet the same certificate
            } else {
                op.connectionLost("the file connection was lost");
            }
        }

        @Override
        public void sessionIdle(IoSession s, IdleStatus status) {
            s.write(new Frame.Ping(newId()));
        }

        @Override
        public void exceptionCaught(IoSession s, Throwable cause) {
            LOG.debug("file connection error", cause);
            s.closeNow();
        }
    }
}
