package org.chatnow.client;

import java.util.concurrent.CompletableFuture;

/**
 * An upload or download of the shared folder, on a connection of its own. It resumes by itself after a broken
 * connection (from the bytes already on the other side), and checks the file's SHA-256 at the end.
 */
public interface FileTransfer {

    /** Completes with the verified file, or fails ({@link java.util.concurrent.CancellationException} if cancelled). */
    CompletableFuture<SharedFile> result();

    /** Stops the transfer. A cancelled upload can be resumed later by uploading the same file under the same name. */
    void cancel();

    /** Bytes transferred so far. */
    long done();

    /** The file's size, or -1 while not yet known. */
    long size();
}
