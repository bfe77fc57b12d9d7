package org.chatnow.ui;

import java.util.concurrent.Executor;

import org.eclipse.swt.widgets.Display;

/** Runs listener calls of the client core on the UI thread, in order, and drops them once the display is gone. */
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
                if (!display.isDisposed()) {
                    command.run();
                }
            });
        } catch (org.eclipse.swt.SWTException e) {
            // the display was disposed between the check and the call: the workbench is shutting down
        }
    }
}
