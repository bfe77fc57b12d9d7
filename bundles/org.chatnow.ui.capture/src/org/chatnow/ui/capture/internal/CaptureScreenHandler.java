package org.chatnow.ui.capture.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;

import org.chatnow.ui.UiExecutor;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Chat ▸ Capture Screen…: hides the workbench window (unless the parameter says not to), takes a picture of the whole
 * screen, shows the window again, saves the picture as PNG in a job, then offers to send it into the conversation in front.
 */
public final class CaptureScreenHandler extends AbstractHandler {
    static final String PARAMETER_HIDE = "org.chatnow.ui.capture.hide";
    /** How long the window manager gets to take the hidden window off the screen. */
    private static final int HIDE_MILLIS = 500;

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        Shell shell = window.getShell();
        Display display = shell.getDisplay();
        boolean hide = !"false".equals(event.getParameter(PARAMETER_HIDE));
        if (hide) {
            shell.setVisible(false);
        }
        // let the menu close (and the window go) before the picture is taken
        display.timerExec(hide ? HIDE_MILLIS : 100, () -> {
            ImageData data;
            try {
                data = Screenshots.capture(display);
            } finally {
                if (hide && !shell.isDisposed()) {
                    shell.setVisible(true);
                    shell.forceActive();
                }
            }
            LocalDateTime when = LocalDateTime.now();
            Job save = Job.create(Messages.Capture_saving, (IProgressMonitor monitor) -> {
                try {
                    Path file = Screenshots.save(data, when);
                    new UiExecutor(display).execute(() -> {
                        if (!shell.isDisposed()) {
                            new CaptureDialog(shell, window, file, data).open();
                        }
                    });
                    return Status.OK_STATUS;
                } catch (IOException e) {
                    new UiExecutor(display).execute(() -> MessageDialog.openError(shell, Messages.Capture_title,
                        NLS.bind(Messages.Capture_saveFailed, Screenshots.folder(), e.getMessage())));
                    return Status.error(e.getMessage(), e);
                }
            });
            save.setPriority(Job.SHORT);
            save.schedule();
        });
        return null;
    }
}
