package org.chatnow.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.chatnow.protocol.Frame;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.SharedFileRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder on disk: verified files under {@code <data>/files}, partial uploads under
 * {@code <data>/files/.incoming} until their size and SHA-256 match, then fsync and an atomic rename. The database
 * lists what is complete; nothing partial is ever listed or downloadable.
 */
public final class SharedFolder {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);
    private static final Duration PARTIAL_LIFETIME = Duration.ofDays(7);

    private final Path directory;
    private final Path incoming;
    private final ChatStore store;
    private final long maxFileBytes;
    private final long quotaBytes;
    private final Set<String> activeUploads = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Frame.FileEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object namesLock = new Object();
    /**
     * Bytes an upload appends between two background syncs: the disk writes its data while the rest arrives, so the
     * final fsync has only the tail left to write.
     */
    static final long SYNC_BEHIND_BYTES = 32L << 20;
    /** Runs those syncs, one at a time for all uploads (they only start disk writes early; the final fsync still decides). */
    private static final java.util.concurrent.ExecutorService SYNCER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chatnow-upload-sync");
        t.setDaemon(true);
        return t;
    });

    public SharedFolder(Path dataDirectory, ChatStore store, long maxFileBytes, long quotaBytes) throws IOException {
        this.directory = dataDirectory.resolve("files");
        this.incoming = directory.resolve(".incoming");
        this.store = store;
        this.maxFileBytes = maxFileBytes;
        this.quotaBytes = quotaBytes;
        Files.createDirectories(incoming);
        sweep();
    }

    /** Removes files a crash left between the rename and the database, and partial uploads abandoned for a week. */
    private void sweep() throws IOException {
        Set<String> listed = ConcurrentHashMap.newKeySet();
        store.sharedFiles().forEach(f -> listed.add(f.name()));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(".incoming") && !listed.contains(name)) {
                    LOG.warn("removing {} from the shared folder: its upload never completed", name);
                    Files.deleteIfExists(file);
                }
            }
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(PARTIAL_LIFETIME));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming)) {
            for (Path part : parts) {
                if (Files.getLastModifiedTime(part).compareTo(cutoff) < 0) {
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    public void addListener(Consumer<Frame.FileEvent> listener) {
        listeners.add(listener);
    }

    private void publish(String action, SharedFileRecord file) {
        Frame.FileEvent event = new Frame.FileEvent(action, toFrame(file));
        listeners.forEach(l -> l.accept(event));
    }

    public static Frame.SharedFile toFrame(SharedFileRecord f) {
        return new Frame.SharedFile(f.name(), f.size(), f.uploader(), f.uploadedAt(), f.sha256());
    }

    public List<SharedFileRecord> list() {
        return store.sharedFiles();
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Why {@code uploader} may not upload {@code size} more bytes, or null. */
    public String quotaProblem(String uploader, long size) {
        if (size > maxFileBytes) {
            return "files larger than " + maxFileBytes + " bytes are not accepted";
        }
        long used = store.sharedBytes(uploader);
        if (used + size > quotaBytes) {
            return "this upload would take you to " + (used + size) + " bytes of your " + quotaBytes + "-byte quota";
        }
        return null;
    }

    /**
     * An upload in progress: its partial file, how much it holds, and the hash so far. The connection's thread only
     * appends; a thread of the upload's own hashes the partial file behind it, reading back what was written (from the
     * page cache), so no buffer is handed between threads, memory stays at one read buffer whatever the lag, and the
     * connection never has to stop reading for the hash. A resumed upload's earlier bytes are hashed the same way, while
     * the new ones arrive.
     */
    public final class PartialUpload implements AutoCloseable {
        /** Bytes the hashing thread reads from the partial file at a time. */
        private static final int HASH_READ_BYTES = 1 << 20;
        final String key;
        final String name;
        final String uploader;
        final long size;
        final String sha256;
        final Path part;
        final FileChannel channel;
        /** Bytes in the partial file; written by the connection's thread only, read by the hashing thread. */
        private volatile long received;
        private final Object progress = new Object();
        private boolean closed;
        private final java.util.concurrent.CompletableFuture<String> hash = new java.util.concurrent.CompletableFuture<>();
        private final Thread hasher;
        /** Where the next background sync is due, and whether one is queued or running. */
        private long nextSync;
        private final java.util.concurrent.atomic.AtomicBoolean syncing = new java.util.concurrent.atomic.AtomicBoolean();

        private PartialUpload(String key, String name, String uploader, long size, String sha256, Path part, FileChannel channel,
            long received) {
            this.key = key;
            this.name = name;
            this.uploader = uploader;
            this.size = size;
            this.sha256 = sha256;
            this.part = part;
            this.channel = channel;
            this.received = received;
            this.nextSync = received + SYNC_BEHIND_BYTES;
            this.hasher = new Thread(this::hashBehind, "chatnow-upload-hash");
            hasher.setDaemon(true);
            hasher.start();
        }

        public long received() {
            return received;
        }

        public boolean complete() {
            return received == size;
        }

        /**
         * Appends the remaining bytes of {@code data} (consuming them); false if that is more than the announced
         * size. Called by one thread at a time.
         */
        public boolean append(java.nio.ByteBuffer data) throws IOException {
            int length = data.remaining();
            if (received + length > size) {
                return false;
            }
            while (data.hasRemaining()) {
                channel.write(data);
            }
            synchronized (progress) {
                received += length;
                progress.notifyAll();
            }
            if (received >= nextSync && received < size) {
                nextSync = received + SYNC_BEHIND_BYTES;
                syncBehind();
            }
            return true;
        }

        /** Starts writing what has arrived to disk, on the sync thread, unless a sync of this upload is still pending. */
        private void syncBehind() {
            if (!syncing.compareAndSet(false, true)) {
                return;
            }
            try {
                SYNCER.execute(() -> {
                    try {
                        if (channel.isOpen()) {
                            channel.force(false);
                        }
                    } catch (IOException e) {
                        // closed meanwhile, or a disk error the final fsync will report
                    } finally {
                        syncing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                syncing.set(false);
            }
        }

        /** The hashing thread: reads the partial file up to what has arrived, until all {@code size} bytes are hashed. */
        private void hashBehind() {
            MessageDigest digest = newDigest();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect((int) Math.min(HASH_READ_BYTES, Math.max(size, 1)));
            try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                long hashed = 0;
                while (hashed < size) {
                    long available;
                    synchronized (progress) {
                        while ((available = received) == hashed && !closed) {
                            progress.wait();
                        }
                        if (closed) {
                            hash.cancel(false);
                            return;
                        }
                    }
                    while (hashed < available) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), available - hashed));
                        int n = in.read(buffer, hashed);
                        if (n < 0) {
                            throw new IOException(part + " is shorter than the " + available + " bytes written to it");
                        }
                        buffer.flip();
                        digest.update(buffer);
                        hashed += n;
                    }
                }
                hash.complete(hex(digest.digest()));
            } catch (IOException | RuntimeException e) {
                hash.completeExceptionally(e);
            } catch (InterruptedException e) {
                hash.cancel(false);
            }
        }

        /** The SHA-256 of all {@code size} bytes, once the hashing thread has caught up. */
        String finishHash() throws IOException {
            try {
                return hash.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while hashing", e);
            } catch (java.util.concurrent.CancellationException e) {
                throw new IOException("the upload was closed while hashing", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("hashing failed: " + e.getCause().getMessage(), e.getCause());
            }
        }

        /** Releases the partial file without deleting it (a later upload of the same file resumes from it). */
        @Override
        public void close() {
            synchronized (progress) {
                closed = true;
                progress.notifyAll();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to save: the data written so far stays in the part file
            }
            activeUploads.remove(key);
        }

        void discard() {
            close();
            try {
                hasher.join(10_000); // it holds the file open
                Files.deleteIfExists(part);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                LOG.warn("cannot delete {}", part, e);
            }
        }
    }

    /** Thrown when an upload cannot start or finish; {@code code} is the protocol's error code. */
    public static final class UploadRefused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public UploadRefused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Starts or resumes an upload: a partial file of the same uploader, name, size and hash continues where it
     * stopped (its bytes are hashed again, in the background, since the hash state is not kept across connections).
     */
    public PartialUpload begin(String uploader, String name, long size, String sha256) throws IOException, UploadRefused {
        String key = hex(sha256Of((uploader + "\u0000" + name + "\u0000" + size + "\u0000" + sha256).getBytes(StandardCharsets.UTF_8)));
        if (!activeUploads.add(key)) {
            throw new UploadRefused(org.chatnow.protocol.ErrorCodes.INVALID_REQUEST, "this upload is already running on another connection");
        }
        try {
            Path part = incoming.resolve(key + ".part");
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long have;
            try {
                have = Math.min(channel.size(), size);
                channel.truncate(have);
                channel.position(have);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new PartialUpload(key, name, uploader, size, sha256, part, channel, have);
        } catch (IOException | RuntimeException e) {
            activeUploads.remove(key);
            throw e;
        }
    }

    /**
     * Completes a fully received upload: checks the hash, syncs the data to disk, renames the file into the folder
     * (with a " (2)" style suffix if the name is taken) and records it. On a hash mismatch the partial file is deleted.
     */
    public SharedFileRecord finish(PartialUpload upload) throws IOException, UploadRefused {
        try {
            upload.channel.force(true);
            String actual = upload.finishHash();
            if (!actual.equals(upload.sha256)) {
                upload.discard();
                throw new UploadRefused(org.chatnow.protocol.ErrorCodes.CHECKSUM_MISMATCH,
                    "the received bytes hash to " + actual + ", not " + upload.sha256 + "; upload the file again");
            }
            upload.channel.close();
            SharedFileRecord record;
            synchronized (namesLock) {
                String finalName = uniqueName(upload.name);
                Path target = directory.resolve(finalName);
                if (!target.getParent().equals(directory)) {
                    throw new UploadRefused(org.chatnow.protocol.ErrorCodes.INVALID_FILE_NAME, "not a name in the shared folder");
                }
                Files.move(upload.part, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
                record = new SharedFileRecord(finalName, upload.size, upload.sha256, upload.uploader, System.currentTimeMillis());
                if (!store.insertSharedFile(record)) {
                    Files.deleteIfExists(target);
                    throw new IOException("the name " + finalName + " was taken while the upload finished");
                }
            }
            LOG.info("{} uploaded {} ({} bytes)", record.uploader(), record.name(), record.size());
            publish(Frame.FileEvent.ADDED, record);
            return record;
        } finally {
            upload.close();
        }
    }

    private String uniqueName(String name) {
        Set<String> taken = ConcurrentHashMap.newKeySet();
        store.sharedFiles().forEach(f -> taken.add(f.name().toLowerCase(Locale.ROOT)));
        if (!taken.contains(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = base + " (" + n + ")" + extension;
            if (!taken.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory; the rename itself is atomic
        }
    }

    /** The verified file {@code name}, opened for reading, with its record; null if there is none. */
    public SharedFileRecord find(String name) {
        return store.findSharedFile(name).orElse(null);
    }

    public Path path(SharedFileRecord file) {
        return directory.resolve(file.name());
    }

    /** Deletes {@code name} if {@code user} uploaded it or is an admin; returns false if that is not allowed. */
    public boolean delete(SharedFileRecord file, String user, boolean admin) throws IOException {
        if (!admin && !file.uploader().equals(user)) {
            return false;
        }
        synchronized (namesLock) {
            store.deleteSharedFile(file.name());
            Files.deleteIfExists(directory.resolve(file.name()));
        }
        LOG.info("{} deleted {}", user, file.name());
        publish(Frame.FileEvent.DELETED, file);
        return true;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256Of(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
