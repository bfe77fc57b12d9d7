package org.chatnow.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The server's shared folder, reached over file connections separate from the chat connection (authorised by the
 * chat login's session), so transfers go on while the chat reconnects. Available after a login.
 */
public interface SharedFiles {

    CompletableFuture<List<SharedFile>> list();

    /** Uploads {@code source} as {@code name} (the server may add a " (2)" style suffix if the name is taken). */
    FileTransfer upload(Path source, String name, TransferListener listener);

    /**
     * Downloads {@code name} to {@code target}. Bytes arrive in {@code target}.part, which a later download of the same
     * file resumes from; {@code target} appears only once the content matches the server's SHA-256.
     */
    FileTransfer download(String name, Path target, TransferListener listener);

    /**
     * Sends {@code source} as {@code name} into {@code conversation}: an attachment, readable by the members of that
     * conversation only and not listed in the shared folder. The result's name, "{id}/{name}", is what
     * {@link #downloadAttachment} takes (and what a message links to).
     */
    FileTransfer attach(String conversation, Path source, String name, TransferListener listener);

    /** Downloads {@code attachment} ("{id}/{name}") of {@code conversation} to {@code target}, as {@link #download} does. */
    FileTransfer downloadAttachment(String conversation, String attachment, Path target, TransferListener listener);

    /** Deletes one's own file (an admin: any file). */
    CompletableFuture<Void> delete(String name);
}
