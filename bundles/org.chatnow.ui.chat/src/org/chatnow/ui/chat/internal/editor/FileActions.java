package org.chatnow.ui.chat.internal.editor;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.Conversations;
import org.chatnow.ui.ByteSizes;
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.SharedFileTransfers;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.transcript.Links;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

/** Files in a conversation: sending one (as a job, then a link to it), and opening or downloading a clicked link. */
final class FileActions {
    private final ChatClient client;
    private final String conversation;
    private final Transcript transcript;
    private final Display display;
    private final Supplier<String> me;

    FileActions(ChatClient client, String conversation, Transcript transcript, Supplier<String> me) {
        this.client = client;
        this.conversation = conversation;
        this.transcript = transcript;
        this.display = transcript.control().getDisplay();
        this.me = me;
    }

    void chooseFileToSend(Shell shell) {
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText(NLS.bind(Messages.ChatEditor_sendFileDialog, Conversations.title(conversation, me.get())));
        String chosen = dialog.open();
        if (chosen != null) {
            sendFile(Path.of(chosen));
        }
    }

    /**
     * Sends {@code file} as a job, then posts a link to it (under the name the server gave it) here. In a room it goes to
     * the shared folder (rooms are open to everyone on the server, and so is the folder); in a private conversation
     * it becomes an attachment of the conversation, which only its two parties can download.
     */
    void sendFile(Path file) {
        String name = file.getFileName().toString();
        String attachTo = Conversations.isRoom(conversation) ? null : conversation;
        String notice = attachTo == null ? NLS.bind(Messages.ChatEditor_uploading, name)
            : NLS.bind(Messages.ChatEditor_attaching, name, Conversations.title(conversation, me.get()));
        transcript.notice(notice, colour(SWT.COLOR_DARK_GRAY));
        SharedFileTransfers.upload(client, attachTo, file, name, display, outcome -> {
            if (outcome.succeeded()) {
                String posted = NLS.bind(Messages.ChatEditor_fileMessage, new Object[] {FileLinks.displayName(outcome.file().name()),
                    ByteSizes.human(outcome.file().size()), FileLinks.link(outcome.file().name())});
                // posted even if the editor was closed meanwhile: the user asked for it
                client.send(conversation, posted).whenCompleteAsync((seq, error) -> {
                    if (error != null && !transcript.isDisposed()) {
                        transcript.notice(NLS.bind(Messages.ChatEditor_notSent, ChatException.of(error).getMessage(), posted), colour(SWT.COLOR_RED));
                    }
                }, new UiExecutor(display));
            } else if (!outcome.cancelled() && !transcript.isDisposed()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_uploadFailed, name, outcome.error().getMessage()), colour(SWT.COLOR_RED));
            }
        });
    }

    /** Opens a web link; downloads a file link (an attachment's only from its own conversation). */
    void linkClicked(String target) {
        String fileName = FileLinks.name(target);
        if (fileName == null) {
            Links.open(target);
            return;
        }
        String shown = FileLinks.displayName(fileName);
        transcript.notice(NLS.bind(Messages.ChatEditor_downloading, shown), colour(SWT.COLOR_DARK_GRAY));
        // an attachment's link is read in its own conversation: the server lets only its members have it
        String of = FileLinks.isAttachment(fileName) ? conversation : null;
        SharedFileTransfers.download(client, of, fileName, null, display, outcome -> {
            if (transcript.isDisposed()) {
                return;
            }
            if (outcome.succeeded()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloaded, shown, outcome.target()), colour(SWT.COLOR_DARK_GREEN));
            } else if (outcome.cancelled()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloadCancelled, shown), colour(SWT.COLOR_DARK_GRAY));
            } else {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloadFailed, shown, outcome.error().getMessage()), colour(SWT.COLOR_RED));
            }
        });
    }

    private Color colour(int systemColour) {
        return display.getSystemColor(systemColour);
    }
}
