package org.chatnow.ui;

import java.util.concurrent.Executor;

import org.chatnow.ui.internal.timing.UiTimeProbe;
import org.eclipse.swt.widgets.Display;

/**
 * Runs listener calls of the client core on the UI thread, in order, and drops them once the display is gone. While
 * a {@link UiTimeProbe} is attached to the display, the time each call takes on the UI thread is recorded in it.
 */
public final class UiExecutor implements Executor {
    private final Display display;

    public UiExecutor(Display display) {
        this.display = display;
    }

    @Override
    public void execute(Runnable command) {
        if (display.isDisposed()) {
            return;
        }
        try {
            display.asyncExec(() -> {
                if (display.isDisposed()) {
                    return;
                }
                UiTimeProbe probe = UiTimeProbe.attachedTo(display);
                if (probe == null) {
                    command.run();
                    return;
                }
                long start = System.nanoTime();
                try {
                    command.run();
                } finally {
                    probe.record(System.nanoTime() - start);
                }
            });
        } catch (org.eclipse.swt.SWTException e) {
            // the display was disposed between the check and the call: the workbench is shutting down
        }
    }
}
