package org.chatnow.ui.chat.internal.editor;

import java.util.function.LongSupplier;

import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;

/**
 * Marks an editor's conversation read while the user sees it: when the editor comes to the front or its window is
 * activated, and after messages arrive. Marking waits a moment, so a burst of messages sends one read position.
 */
final class ReadTracker {
    /** Marking read waits this long, so a burst of messages sends one read position. */
    static final int MARK_READ_DELAY_MILLIS = 300;

    private final IEditorPart editor;
    private final String conversation;
    private final ReadPositions readPositions;
    private final Transcript transcript;
    /** The highest sequence number the editor shows. */
    private final LongSupplier shownUpTo;
    private final Display display;
    private final Runnable markReadLater = this::markReadIfSeen;
    private final IPartListener2 partListener;
    private final Listener shellActivation = e -> markReadSoon();
    private boolean markReadPending;

    ReadTracker(IEditorPart editor, String conversation, ReadPositions readPositions, Transcript transcript, LongSupplier shownUpTo) {
        this.editor = editor;
        this.conversation = conversation;
        this.readPositions = readPositions;
        this.transcript = transcript;
        this.shownUpTo = shownUpTo;
        this.display = editor.getSite().getShell().getDisplay();
        partListener = new IPartListener2() {
            @Override
            public void partActivated(IWorkbenchPartReference ref) {
                markReadIfMine(ref);
            }

            @Override
            public void partBroughtToTop(IWorkbenchPartReference ref) {
                markReadIfMine(ref);
            }

            @Override
            public void partVisible(IWorkbenchPartReference ref) {
                markReadIfMine(ref);
            }
        };
        editor.getSite().getPage().addPartListener(partListener);
        Shell shell = editor.getSite().getShell();
        shell.addListener(SWT.Activate, shellActivation);
        shell.addListener(SWT.Deiconify, shellActivation);
    }

    private void markReadIfMine(IWorkbenchPartReference ref) {
        if (ref.getPart(false) == editor) {
            markReadSoon();
        }
    }

    /** Marks the conversation read in a moment, if the user sees it then. */
    void markReadSoon() {
        if (markReadPending || display.isDisposed()) {
            return;
        }
        markReadPending = true;
        display.timerExec(MARK_READ_DELAY_MILLIS, markReadLater);
    }

    private void markReadIfSeen() {
        markReadPending = false;
        if (transcript.isDisposed()) {
            return;
        }
        if (UserAttention.sees(editor)) {
            transcript.refreshDayLabels();
            readPositions.markRead(conversation, Math.max(readPositions.lastSeq(conversation), shownUpTo.getAsLong()));
        }
    }

    void dispose() {
        editor.getSite().getPage().removePartListener(partListener);
        Shell shell = editor.getSite().getShell();
        if (shell != null && !shell.isDisposed()) {
            shell.removeListener(SWT.Activate, shellActivation);
            shell.removeListener(SWT.Deiconify, shellActivation);
        }
        if (!display.isDisposed()) {
            display.timerExec(-1, markReadLater);
        }
    }
}
