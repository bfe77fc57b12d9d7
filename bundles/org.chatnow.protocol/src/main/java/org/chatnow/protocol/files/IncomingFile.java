package org.chatnow.protocol.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file being received into a partial file, on either end of the file protocol: the thread that reads the
 * connection only appends; a thread of the file's own computes the SHA-256 behind it, reading back what was written
 * (from the page cache), so no buffer is handed between threads, memory stays at one read buffer whatever the lag,
 * and the connection never has to stop reading for the hash. Every {@link #SYNC_BEHIND_BYTES} the data written so
 * far is synced in the background, so the final {@link #force()} has only the tail left to write. A resumed file's
 * earlier bytes are hashed the same way while the new ones arrive.
 */
public final class IncomingFile implements AutoCloseable {
    /** Bytes appended between two background syncs. */
    public static final long SYNC_BEHIND_BYTES = 32L << 20;
    /** Bytes the hashing thread reads at a time. */
    private static final int HASH_READ_BYTES = 1 << 20;
    /** Runs the background syncs, one at a time for all files (they only start disk writes early; the final force decides). */
    private static final ExecutorService SYNCER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chatnow-sync-behind");
        t.setDaemon(true);
        return t;
    });

    private final Path part;
    private final long size;
    private final FileChannel channel;
    /** Bytes in the partial file; written by the appending thread only, read by the hashing thread. */
    private volatile long received;
    private final Object progress = new Object();
    private boolean closed;
    private final CompletableFuture<String> hash = new CompletableFuture<>();
    private final Thread hasher;
    private long nextSync;
    private final AtomicBoolean syncing = new AtomicBoolean();

    /**
     * Opens (or creates) {@code part} for a file of {@code size} bytes, keeping what it holds up to {@code keep}
     * bytes (and at most {@code size}) and cutting the rest; appending continues there.
     */
    public static IncomingFile open(Path part, long keep, long size) throws IOException {
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long have = Math.min(Math.min(channel.size(), keep), size);
            channel.truncate(have);
            channel.position(have);
            return new IncomingFile(part, size, channel, have);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private IncomingFile(Path part, long size, FileChannel channel, long received) {
        this.part = part;
        this.size = size;
        this.channel = channel;
        this.received = received;
        this.nextSync = received + SYNC_BEHIND_BYTES;
        this.hasher = new Thread(this::hashBehind, "chatnow-hash-behind");
        hasher.setDaemon(true);
        hasher.start();
    }

    public Path part() {
        return part;
    }

    public long size() {
        return size;
    }

    /** Bytes received so far (those kept from before included). */
    public long received() {
        return received;
    }

    public boolean complete() {
        return received == size;
    }

    /**
     * Appends the remaining bytes of {@code data} (consuming them); false, appending nothing, if that is more than the
     * file's size. Called by one thread at a time.
     */
    public boolean append(ByteBuffer data) throws IOException {
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

    /** Starts writing what has arrived to disk, on the sync thread, unless a sync of this file is still pending. */
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
                    // closed meanwhile, or a disk error the final force reports
                } finally {
                    syncing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            syncing.set(false);
        }
    }

    /** The hashing thread: reads the partial file up to what has arrived, until all {@code size} bytes are hashed. */
    private void hashBehind() {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(HASH_READ_BYTES, Math.max(size, 1)));
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
            hash.complete(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            hash.completeExceptionally(e);
        } catch (InterruptedException e) {
            hash.cancel(false);
        }
    }

    /** The SHA-256 (lower-case hex) of all {@code size} bytes, once the hashing thread has caught up. */
    public String finishHash() throws IOException {
        try {
            return hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (CancellationException e) {
            throw new IOException("the file was closed while hashing", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Writes everything received to the disk (data and size). */
    public void force() throws IOException {
        channel.force(true);
    }

    /** Releases the partial file without deleting it (a later transfer of the same file resumes from it). */
    @Override
    public void close() {
        synchronized (progress) {
            closed = true;
            progress.notifyAll();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to save: what was written stays in the partial file
        }
    }

    /** Closes and deletes the partial file. */
    public void discard() throws IOException {
        close();
        try {
            hasher.join(10_000); // it holds the file open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(part);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
