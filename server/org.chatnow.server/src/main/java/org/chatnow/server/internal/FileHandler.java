package org.chatnow.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.file.DefaultFileRegion;
import org.apache.mina.core.file.FileRegion;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.ssl.SslEvent;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.FileNames;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.protocol.mina.BinaryFrames;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.Account;
import org.chatnow.server.store.AttachmentRecord;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.SharedFileRecord;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file connection: authorised by a chat login's resume token, it lists the shared folder, takes uploads
 * (resumable; each read's bytes go from the read buffer straight to the partial file, and a thread of the upload hashes
 * the file behind them, so memory stays bounded whatever the size) and sends downloads (from an offset, as file regions
 * the kernel copies to the socket, a few ahead of what the connection has sent: TCP's own flow control paces them).
 * Disk-heavy steps (opening a partial upload, the final fsync) run on their own executor; while they run no data is
 * expected.
 */
public final class FileHandler extends IoHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FileHandler.class);
    /** Seconds after the login deadline at which an unauthorised connection on which nothing moves is closed outright. */
    static final int UNAUTHORISED_MARGIN_SECONDS = 5;
    private static final AttributeKey GREETED = new AttributeKey(FileHandler.class, "greeted");
    private static final AttributeKey USER = new AttributeKey(FileHandler.class, "user");
    private static final AttributeKey ADMIN = new AttributeKey(FileHandler.class, "admin");
    private static final AttributeKey UPLOAD = new AttributeKey(FileHandler.class, "upload");
    private static final AttributeKey DOWNLOAD = new AttributeKey(FileHandler.class, "download");
    private static final AttributeKey UPLOAD_ID = new AttributeKey(FileHandler.class, "uploadId");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /**
     * How many bytes of a download may be queued on the connection and not sent yet. They are file regions, not
     * buffers: the kernel copies them from the page cache to the socket (sendfile), so this bounds the queue's length,
     * not memory, and only needs to keep the socket busy.
     */
    static final long DOWNLOAD_WINDOW_BYTES = 4L << 20;
    /**
     * Payload bytes per binary frame of a download: half the default frame limit every client accepts. Each frame costs
     * a separate 4-byte write of its header, so frames this large take that cost off the transfer (at 128 KiB it was
     * about a third of the server's CPU time for a download).
     */
    static final int DOWNLOAD_FRAME_BYTES = 512 * 1024;
    /**
     * Over TLS the kernel cannot send the file itself (the bytes must be encrypted in Java), so a download reads its
     * frames into buffers: smaller frames and a smaller window bound the memory one download holds.
     */
    static final int TLS_DOWNLOAD_FRAME_BYTES = 256 * 1024;
    static final long TLS_DOWNLOAD_WINDOW_BYTES = 2L << 20;

    private final ServerConfig config;
    private final ChatStore store;
    private final SharedFolder folder;
    private final Executor diskExecutor;
    private final FileSessions fileSessions;
    private final Deadlines deadlines;
    private final ConnectionsPerAddress connections;
    private final IdleLimit idle;
    /** Whether the connections are TLS: no sendfile then. */
    private final boolean encrypted;

    /** A download in progress on one connection. */
    private static final class Download {
        final FileChannel channel;
        final long size;
        /** Where the next frame starts. */
        long position;
        /** Bytes queued on the connection and not sent yet. */
        long queued;
        /** Over TLS: the frames queued and not sent yet, with their payload sizes. */
        final java.util.Map<Object, Integer> inFlight = new java.util.IdentityHashMap<>();

        Download(FileChannel channel, long size, long position) {
            this.channel = channel;
            this.size = size;
            this.position = position;
        }
    }

    public FileHandler(ServerConfig config, ChatStore store, SharedFolder folder, Executor diskExecutor, boolean encrypted,
        FileSessions fileSessions, Deadlines deadlines, ConnectionsPerAddress connections) {
        this.deadlines = deadlines;
        this.connections = connections;
        this.idle = new IdleLimit(config.idleTimeoutSeconds(), config.idleGraceSeconds());
        this.fileSessions = fileSessions;
        this.encrypted = encrypted;
        this.config = config;
        this.store = store;
        this.folder = folder;
        this.diskExecutor = diskExecutor;
    }

    /**
     * Counts the connection in (or marks it as one too many) before anything else happens on it. Until it is
     * authorised the login deadline ends it; the idle time set here only ends one still stuck a while after that.
     */
    @Override
    public void sessionCreated(IoSession session) {
        connections.admit(session);
        session.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, config.loginTimeoutSeconds() + UNAUTHORISED_MARGIN_SECONDS);
    }

    /**
     * A connection that is not authorised {@link ServerConfig#loginTimeoutSeconds()} after connecting is closed, and one
     * beyond its address's limit at once, after it was told so.
     */
    @Override
    public void sessionOpened(IoSession session) {
        if (connections.overLimit(session)) {
            connections.refuse(session, deadlines, error -> refuse(session, null, error.code(), error.message(), true));
            return;
        }
        deadlines.after(config.loginTimeoutSeconds() * 1000L, () -> {
            if (!session.isClosing() && !session.containsAttribute(USER)) {
                refuse(session, null, ErrorCodes.NOT_READY, "authorise the file connection within " + config.loginTimeoutSeconds()
                    + " seconds of connecting", true);
            }
        });
    }

    @Override
    public void event(IoSession session, FilterEvent event) {
        if (event == SslEvent.SECURED) {
            connections.secured(session);
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (connections.overLimit(session)) {
            return; // told so, being closed
        }
        idle.received(session, IdleStatus.BOTH_IDLE);
        if (session.containsAttribute(USER) && !fileSessions.active(session)) {
            return; // its chat session ended; the connection is being closed
        }
        try {
            if (message instanceof DataChunk chunk) {
                onData(session, chunk);
                return;
            }
            switch ((Frame) message) {
                case Frame.Hello hello -> onHello(session, hello);
                case Frame.FileAuth auth -> onAuth(session, auth);
                case Frame.FileList list -> {
                    if (user(session, list.id()) != null) {
                        session.write(new Frame.Files(list.id(), folder.list().stream().map(SharedFolder::toFrame).toList()));
                    }
                }
                case Frame.Upload upload -> onUpload(session, upload);
                case Frame.Download download -> onDownload(session, download);
                case Frame.FileDelete delete -> onDelete(session, delete);
                case Frame.Ping ping -> session.write(new Frame.Pong(ping.id()));
                case Frame.Pong pong -> { } // an answer to the idle ping: its arrival was the point
                case Frame.Logout logout -> session.closeOnFlush();
                default -> refuse(session, null, ErrorCodes.MALFORMED_FRAME, "not a file connection request", true);
            }
        } catch (StoreException e) {
            LOG.error("database failure on a file connection", e);
            refuse(session, null, ErrorCodes.SERVER_ERROR, "the server could not read or store that; try again", false);
        } catch (IOException e) {
            LOG.error("disk failure on a file connection", e);
            refuse(session, null, ErrorCodes.SERVER_ERROR, "the server could not read or write the file; try again later", true);
        }
    }

    private void onHello(IoSession session, Frame.Hello hello) {
        if (hello.version() != Limits.PROTOCOL_VERSION) {
            refuse(session, null, ErrorCodes.UNSUPPORTED_VERSION, "this server speaks protocol version " + Limits.PROTOCOL_VERSION, true);
            return;
        }
        session.setAttribute(GREETED, Boolean.TRUE);
        session.write(new Frame.Welcome(Limits.PROTOCOL_VERSION, HelloHandler.SERVER_NAME, config.maxFrameBytes(),
            config.registrationOpen() ? Frame.Welcome.OPEN : Frame.Welcome.CLOSED, session.getLocalAddress() == null ? null
                : ((java.net.InetSocketAddress) session.getLocalAddress()).getPort()));
    }

    private void onAuth(IoSession session, Frame.FileAuth auth) {
        if (!session.containsAttribute(GREETED)) {
            refuse(session, auth.id(), ErrorCodes.NOT_READY, "send hello first", true);
            return;
        }
        String user = auth.token() == null ? null : store.resumeTokenAccount(Passwords.tokenHash(auth.token()), System.currentTimeMillis())
            .filter(owner -> owner.equals(auth.user())).orElse(null);
        Account account = user == null ? null : store.findAccount(user).orElse(null);
        if (account == null || account.banned()) {
            refuse(session, auth.id(), ErrorCodes.AUTH_FAILED, "log in to the chat first: the file connection needs its session", true);
            return;
        }
        session.setAttribute(USER, user);
        session.setAttribute(ADMIN, account.admin());
        fileSessions.authorised(session, user, Passwords.tokenHash(auth.token()));
        // neither direction moving: between requests, or a transfer that stalled (a download in progress is activity)
        idle.watch(session, IdleStatus.BOTH_IDLE);
        session.write(new Frame.Ok(auth.id()));
    }

    private String user(IoSession session, String requestId) {
        String user = (String) session.getAttribute(USER);
        if (user != null && !fileSessions.active(session)) {
            return null; // its chat session ended: the connection is being closed
        }
        if (user == null) {
            refuse(session, requestId, ErrorCodes.NOT_READY, "authorise the file connection first", false);
        }
        return user;
    }

    private boolean busy(IoSession session, String requestId) {
        if (session.containsAttribute(UPLOAD) || session.containsAttribute(DOWNLOAD) || session.containsAttribute(UPLOAD_ID)) {
            refuse(session, requestId, ErrorCodes.INVALID_REQUEST, "one transfer at a time per connection", false);
            return true;
        }
        return false;
    }

    private void onUpload(IoSession session, Frame.Upload upload) {
        String user = user(session, upload.id());
        if (user == null || busy(session, upload.id())) {
            return;
        }
        String problem = FileNames.problem(upload.name());
        if (problem != null) {
            refuse(session, upload.id(), ErrorCodes.INVALID_FILE_NAME, problem, false);
            return;
        }
        if (upload.size() < 0 || upload.sha256() == null || !SHA256.matcher(upload.sha256()).matches()) {
            refuse(session, upload.id(), ErrorCodes.INVALID_REQUEST, "an upload names its size and its SHA-256 in lower-case hex", false);
            return;
        }
        String conversation = upload.conversation();
        if (conversation != null && !mayUse(user, conversation, true)) {
            refuse(session, upload.id(), ErrorCodes.UNKNOWN_CONVERSATION, "you cannot send files into " + conversation, false);
            return;
        }
        String quota = folder.quotaProblem(user, upload.size());
        if (quota != null) {
            refuse(session, upload.id(), upload.size() > folder.maxFileBytes() ? ErrorCodes.FILE_TOO_LARGE : ErrorCodes.QUOTA_EXCEEDED, quota, false);
            return;
        }
        session.setAttribute(UPLOAD_ID, upload.id());
        diskExecutor.execute(() -> {
            try {
                SharedFolder.PartialUpload partial = folder.begin(user, upload.name(), upload.size(), upload.sha256(), conversation);
                if (session.isClosing()) {
                    partial.close();
                    return;
                }
                // decided before the client hears of the offset: once it has, its bytes may complete the upload at once
                boolean completeAlready = partial.complete();
                session.setAttribute(UPLOAD, partial);
                session.write(new Frame.UploadReady(upload.id(), upload.name(), partial.received()));
                if (completeAlready) {
                    finish(session, partial);
                }
            } catch (SharedFolder.UploadRefused e) {
                session.removeAttribute(UPLOAD_ID);
                refuse(session, upload.id(), e.code(), e.getMessage(), false);
            } catch (IOException | RuntimeException e) {
                session.removeAttribute(UPLOAD_ID);
                LOG.error("cannot start the upload of {}", upload.name(), e);
                refuse(session, upload.id(), ErrorCodes.SERVER_ERROR, "the server cannot store the upload: " + e.getMessage(), false);
            }
        });
    }

    private void onData(IoSession session, DataChunk chunk) throws IOException {
        SharedFolder.PartialUpload partial = (SharedFolder.PartialUpload) session.getAttribute(UPLOAD);
        if (partial == null || partial.complete()) {
            refuse(session, null, ErrorCodes.UNEXPECTED_DATA, "no upload expects data now", true);
            return;
        }
        if (!partial.append(chunk.data())) {
            session.removeAttribute(UPLOAD);
            session.removeAttribute(UPLOAD_ID);
            partial.discard();
            refuse(session, null, ErrorCodes.UNEXPECTED_DATA, "more data than the upload announced; it was discarded", true);
            return;
        }
        if (partial.complete()) {
            diskExecutor.execute(() -> finish(session, partial));
        }
    }

    private void finish(IoSession session, SharedFolder.PartialUpload partial) {
        String id = (String) session.getAttribute(UPLOAD_ID);
        session.removeAttribute(UPLOAD);
        Frame answer;
        try {
            answer = new Frame.UploadDone(id, partial.conversation != null ? SharedFolder.toFrame(folder.finishAttachment(partial))
                : SharedFolder.toFrame(folder.finish(partial)));
        } catch (SharedFolder.UploadRefused e) {
            answer = new Frame.Error(id, e.code(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot complete the upload of {}", partial.name, e);
            answer = new Frame.Error(id, ErrorCodes.SERVER_ERROR, "the server could not complete the upload; try again");
        }
        // the connection is free before the answer goes out: a client may send its next request as soon as it reads it
        session.removeAttribute(UPLOAD_ID);
        session.write(answer);
    }

    private void onDownload(IoSession session, Frame.Download request) throws IOException {
        String user = user(session, request.id());
        if (user == null || busy(session, request.id())) {
            return;
        }
        java.nio.file.Path path;
        Frame.SharedFile shown;
        if (request.conversation() != null) {
            AttachmentRecord attachment = attachment(user, request.conversation(), request.name());
            if (attachment == null) {
                // the same answer whether it does not exist or belongs to a conversation the user is not in
                refuse(session, request.id(), ErrorCodes.UNKNOWN_FILE, "there is no file " + request.name() + " in " + request.conversation(), false);
                return;
            }
            path = folder.path(attachment);
            shown = SharedFolder.toFrame(attachment);
        } else {
            SharedFileRecord file = request.name() == null ? null : folder.find(request.name());
            if (file == null) {
                refuse(session, request.id(), ErrorCodes.UNKNOWN_FILE, "there is no file named " + request.name() + " in the shared folder", false);
                return;
            }
            path = folder.path(file);
            shown = SharedFolder.toFrame(file);
        }
        if (request.offset() < 0 || request.offset() > shown.size()) {
            refuse(session, request.id(), ErrorCodes.INVALID_REQUEST, "the offset must be between 0 and " + shown.size(), false);
            return;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        session.setAttribute(DOWNLOAD, new Download(channel, shown.size(), request.offset()));
        session.write(new Frame.DownloadReady(request.id(), shown, request.offset()));
        pump(session);
    }

    /** The attachment "{id}/{name}" of {@code conversation}, if it exists and {@code user} is in that conversation. */
    private AttachmentRecord attachment(String user, String conversation, String name) {
        int slash = name == null ? -1 : name.indexOf('/');
        if (slash <= 0 || !mayUse(user, conversation, false)) {
            return null;
        }
        return store.findAttachment(name.substring(0, slash))
            .filter(a -> a.conversation().equals(conversation) && a.name().equals(name.substring(slash + 1))).orElse(null);
    }

    /**
     * Whether {@code user} is in {@code conversation}: one of the two parties of a private conversation (when sending,
     * the other must exist: the first file may come before the first message), or a member of a room.
     */
    private boolean mayUse(String user, String conversation, boolean sending) {
        if (conversation.startsWith("dm:")) {
            String peer = Conversations.peer(conversation, user);
            return peer != null && !peer.equals(user) && (!sending || store.findAccount(peer).isPresent());
        }
        return store.memberships(user).stream().anyMatch(m -> m.conversation().equals(conversation));
    }

    /**
     * Queues the next frames of the session's download, staying within the window of unsent bytes: each a header and
     * a file region the I/O thread hands to the kernel (no read into memory, no copy in Java).
     */
    private void pump(IoSession session) {
        Download download = (Download) session.getAttribute(DOWNLOAD);
        if (download == null) {
            return;
        }
        long window = encrypted ? TLS_DOWNLOAD_WINDOW_BYTES : DOWNLOAD_WINDOW_BYTES;
        while (download.position < download.size && download.queued < window && !session.isClosing() && fileSessions.active(session)) {
            if (encrypted) {
                int length = (int) Math.min(TLS_DOWNLOAD_FRAME_BYTES, download.size - download.position);
                IoBuffer frame;
                try {
                    frame = readFrame(download, length);
                } catch (IOException e) {
                    LOG.warn("download of {} bytes failed reading at {}: {}", download.size, download.position, e.toString());
                    session.closeNow();
                    return;
                }
                download.inFlight.put(frame, length);
                session.write(frame);
                download.position += length;
                download.queued += length;
                continue;
            }
            int length = (int) Math.min(DOWNLOAD_FRAME_BYTES, download.size - download.position);
            session.write(BinaryFrames.header(length));
            session.write(new DefaultFileRegion(download.channel, download.position, length));
            download.position += length;
            download.queued += length;
        }
        if (download.position >= download.size && download.queued == 0) {
            session.removeAttribute(DOWNLOAD);
            closeQuietly(download.channel);
        }
    }

    /** The next {@code length} bytes of the download as one binary frame in a buffer. */
    private static IoBuffer readFrame(Download download, int length) throws IOException {
        IoBuffer frame = BinaryFrames.allocate(length);
        java.nio.ByteBuffer payload = frame.buf();
        long at = download.position;
        while (payload.hasRemaining()) {
            int read = download.channel.read(payload, at);
            if (read < 0) {
                throw new IOException("the file ended early (truncated while being sent?)");
            }
            at += read;
        }
        frame.flip();
        return frame;
    }

    @Override
    public void messageSent(IoSession session, Object message) {
        if (encrypted) {
            Download download = (Download) session.getAttribute(DOWNLOAD);
            Integer length = download == null ? null : download.inFlight.remove(message);
            if (length != null) {
                download.queued -= length;
                pump(session);
            }
            return;
        }
        if (message instanceof FileRegion region) {
            Download download = (Download) session.getAttribute(DOWNLOAD);
            if (download != null && region.getFileChannel() == download.channel) {
                download.queued -= region.getWrittenBytes();
                pump(session);
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read-only file
        }
    }

    private void onDelete(IoSession session, Frame.FileDelete delete) throws IOException {
        String user = user(session, delete.id());
        if (user == null) {
            return;
        }
        SharedFileRecord file = delete.name() == null ? null : folder.find(delete.name());
        if (file == null) {
            refuse(session, delete.id(), ErrorCodes.UNKNOWN_FILE, "there is no file named " + delete.name(), false);
            return;
        }
        if (!folder.delete(file, user, Boolean.TRUE.equals(session.getAttribute(ADMIN)))) {
            refuse(session, delete.id(), ErrorCodes.FORBIDDEN, "only " + file.uploader() + " or an admin may delete " + file.name(), false);
            return;
        }
        session.write(new Frame.Ok(delete.id()));
    }

    private void refuse(IoSession session, String id, String code, String message, boolean close) {
        if (session.isClosing()) {
            return;
        }
        session.write(new Frame.Error(id, code, message));
        if (close) {
            session.closeOnFlush();
        }
    }

    @Override
    public void sessionClosed(IoSession session) {
        connections.release(session);
        fileSessions.closed(session);
        Object partial = session.removeAttribute(UPLOAD);
        if (partial != null) {
            ((SharedFolder.PartialUpload) partial).close(); // kept on disk: the client resumes from it
        }
        Object download = session.removeAttribute(DOWNLOAD);
        if (download != null) {
            closeQuietly(((Download) download).channel); // the session's write queue is gone: no region reads it any more
        }
    }

    /**
     * An authorised connection that was idle (nothing received, nothing sent) for the idle period is pinged, and closed
     * with {@code idle_timeout} if it does not answer in time; the login deadline ends one that is not authorised.
     */
    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        if (!session.containsAttribute(USER)) {
            session.closeNow(); // the login deadline passed a while ago and its refusal did not get through
            return;
        }
        if (session.isClosing() || status != IdleStatus.BOTH_IDLE) {
            return;
        }
        switch (idle.idle(session, status)) {
            case PING -> session.write(idle.ping());
            case END -> {
                LOG.info("closing the file connection of {} from {}: {}", session.getAttribute(USER), session.getRemoteAddress(), idle.why());
                refuse(session, null, ErrorCodes.IDLE_TIMEOUT, idle.why(), true);
                deadlines.after(ConnectionsPerAddress.REFUSED_CONNECTION_MILLIS, session::closeNow); // even if it reads nothing
            }
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Throwable root = cause instanceof ProtocolDecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameTooLargeException || root instanceof MalformedFrameException) {
            refuse(session, null, root instanceof FrameTooLargeException ? ErrorCodes.FRAME_TOO_LARGE : ErrorCodes.MALFORMED_FRAME,
                root.getMessage(), true);
        } else if (root instanceof IOException) {
            session.closeNow();
        } else {
            LOG.error("{}: unexpected error on a file connection", session.getRemoteAddress(), root);
            session.closeNow();
        }
    }
}
