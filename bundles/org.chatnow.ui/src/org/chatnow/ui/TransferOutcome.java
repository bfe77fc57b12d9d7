package org.chatnow.ui;

import java.nio.file.Path;

import org.chatnow.client.SharedFile;

/**
 * How a transfer of {@link SharedFileTransfers} ended: the verified file (and, for a download, where it went), or the
 * failure, or that the user cancelled it.
 */
public record TransferOutcome(SharedFile file, Path target, Throwable error, boolean cancelled) {

    public boolean succeeded() {
        return file != null;
    }
}
