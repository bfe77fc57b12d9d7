package org.chatnow.ui.chat.internal.editor;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;

/**
 * Whether the user can see an editor: it is the page's top editor, the window is shown, and the window is the
 * active one. A window that was never activated counts as looked at while it is shown: without a window manager
 * (a kiosk, a test display) windows never become active, and a chat that never marks anything read is no use there.
 * Once a window has been active, leaving it means the user looks elsewhere. When a dialog that had the focus
 * closes and no window has it any more (again: no window manager), its parent window gets it back.
 */
final class UserAttention {
    private static final String WAS_ACTIVE = "org.chatnow.ui.chat.wasActive";

    private UserAttention() {
    }

    /** Remembers on each shell that it was once active. Call once, on the UI thread. */
    static void track(Display display) {
        if (display.getData(WAS_ACTIVE) != null) {
            return;
        }
        Listener remember = e -> {
            if (e.widget instanceof Shell shell && !shell.isDisposed()) {
                shell.setData(WAS_ACTIVE, Boolean.TRUE);
            }
        };
        display.addFilter(SWT.Activate, remember);
        display.addFilter(SWT.Dispose, e -> {
            // Without a window manager nobody gives the focus back when a dialog closes; do what one would do.
            if (e.widget instanceof Shell dialog && dialog.getParent() instanceof Shell parent && display.getActiveShell() == dialog) {
                display.asyncExec(() -> {
                    if (!parent.isDisposed() && parent.isVisible() && display.getActiveShell() == null) {
                        parent.forceActive();
                    }
                });
            }
        });
        display.setData(WAS_ACTIVE, remember);
        Shell active = display.getActiveShell();
        if (active != null) {
            active.setData(WAS_ACTIVE, Boolean.TRUE);
        }
    }

    /** True if the user sees {@code editor} now. UI thread. */
    static boolean sees(IEditorPart editor) {
        IWorkbenchPage page = editor.getSite().getPage();
        if (page.getActiveEditor() != editor || !page.isPartVisible(editor)) {
            return false;
        }
        Shell shell = editor.getSite().getShell();
        if (shell == null || shell.isDisposed() || !shell.isVisible() || shell.getMinimized()) {
            return false;
        }
        Shell active = shell.getDisplay().getActiveShell();
        if (active == shell) {
            return true;
        }
        return active == null && shell.getData(WAS_ACTIVE) == null;
    }
}
