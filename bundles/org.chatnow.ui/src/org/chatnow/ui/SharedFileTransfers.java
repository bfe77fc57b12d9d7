package org.chatnow.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.client.FileTransfer;
import org.chatnow.client.TransferListener;
import org.chatnow.ui.internal.FileTransferJob;
import org.chatnow.ui.internal.Messages;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;

/**
 * Uploads to and downloads from the shared folder, and attachments of conversations, as workbench jobs (progress with bytes and speed in the Progress
 * view, Cancel stops the transfer, family {@link #JOB_FAMILY}), for every part that offers them (the
 * Shared Files view, file links in conversations). Downloads go into the download folder of the Shared Files
 * preferences; nothing here touches the disk on the UI thread.
 */
public final class SharedFileTransfers {
    /** The job family of every shared-folder transfer (for the Progress view, or to wait for them). */
    public static final String JOB_FAMILY = "org.chatnow.ui.transfers";
    /** The preference node of the Shared Files settings. */
    public static final String PREFERENCE_NODE = "org.chatnow.ui.files";
    /** Preference: the folder downloads go into. */
    public static final String DOWNLOAD_FOLDER = "downloadFolder";

    private SharedFileTransfers() {
    }

    /** The download folder of the preferences; the user's Downloads folder if none is set. Any thread. */
    public static Path downloadFolder() {
        String folder = Platform.getPreferencesService().getString(PREFERENCE_NODE, DOWNLOAD_FOLDER, null, null);
        return folder == null || folder.isBlank() ? defaultDownloadFolder() : Path.of(folder);
    }

    /** The user's Downloads folder. */
    public static Path defaultDownloadFolder() {
        return Path.of(System.getProperty("user.home"), "Downloads");
    }

    /** {@code name} in {@code folder}, or "name (2).ext" and so on if that exists already. */
    public static Path freeName(Path folder, String name) {
        Path candidate = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(candidate) || Files.exists(candidate.resolveSibling(candidate.getFileName() + ".part")); n++) {
            candidate = folder.resolve(base + " (" + n + ")" + extension);
        }
        return candidate;
    }

    /**
     * Downloads shared file {@code name} into {@code folder} (null: the download folder), under a free name, as a job;
     * {@code outcome} hears on the UI thread of {@code display} how it ended.
     */
    public static Job download(ChatClient client, String name, Path folder, Display display, Consumer<TransferOutcome> outcome) {
        return download(client, null, name, folder, display, outcome);
    }

    /**
     * Downloads {@code name} into {@code folder} (null: the download folder), under a free name, as a job: a shared
     * file, or with {@code conversation} an attachment ("{id}/{name}") of that conversation. {@code outcome} hears on
     * the UI thread of {@code display} how it ended.
     */
    public static Job download(ChatClient client, String conversation, String name, Path folder, Display display,
        Consumer<TransferOutcome> outcome) {
        String shown = FileLinks.displayName(name);
        String jobName = conversation == null ? NLS.bind(Messages.Transfer_downloading, shown)
            : NLS.bind(Messages.Transfer_downloadingAttachment, shown, Conversations.title(conversation, client.user()));
        FileTransferJob job = new FileTransferJob(jobName) {
            private Path target;

            @Override
            protected FileTransfer start(TransferListener listener) throws IOException {
                Path into = folder != null ? folder : downloadFolder();
                try {
                    Files.createDirectories(into);
                } catch (IOException e) {
                    throw new IOException(NLS.bind(Messages.Transfer_cannotWrite, into, e.getMessage()), e);
                }
                target = freeName(into, shown);
                return conversation == null ? client.files().download(name, target, listener)
                    : client.files().downloadAttachment(conversation, name, target, listener);
            }

            @Override
            protected Path target() {
                return target;
            }

            @Override
            protected void finished(TransferOutcome result) {
                onUiThread(display, () -> outcome.accept(result));
            }
        };
        job.schedule();
        return job;
    }

    /**
     * Uploads {@code source} as {@code name} as a job; {@code outcome} hears on the UI thread of {@code display} how it
     * ended ({@link TransferOutcome#file()} carries the name the server gave it).
     */
    public static Job upload(ChatClient client, Path source, String name, Display display, Consumer<TransferOutcome> outcome) {
        return upload(client, null, source, name, display, outcome);
    }

    /**
     * Uploads {@code source} as {@code name} as a job: to the shared folder, or with {@code conversation} as an
     * attachment of that conversation (readable by its members only). {@code outcome} hears on the UI thread of
     * {@code display} how it ended ({@link TransferOutcome#file()} carries the name the server gave it).
     */
    public static Job upload(ChatClient client, String conversation, Path source, String name, Display display,
        Consumer<TransferOutcome> outcome) {
        // the job says where the file goes: the shared folder is public, an attachment is for the conversation only
        String jobName = conversation == null ? NLS.bind(Messages.Transfer_uploading, name)
            : NLS.bind(Messages.Transfer_attaching, name, Conversations.title(conversation, client.user()));
        FileTransferJob job = new FileTransferJob(jobName) {
            @Override
            protected FileTransfer start(TransferListener listener) throws IOException {
                if (!Files.isRegularFile(source)) {
                    throw new IOException(NLS.bind(Messages.Transfer_notAFile, source.getFileName()));
                }
                return conversation == null ? client.files().upload(source, name, listener)
                    : client.files().attach(conversation, source, name, listener);
            }

            @Override
            protected void finished(TransferOutcome result) {
                onUiThread(display, () -> outcome.accept(result));
            }
        };
        job.schedule();
        return job;
    }

    private static void onUiThread(Display display, Runnable action) {
        if (!display.isDisposed()) {
            try {
                display.asyncExec(action);
            } catch (org.eclipse.swt.SWTException e) {
                // the workbench closed meanwhile
            }
        }
    }
}
