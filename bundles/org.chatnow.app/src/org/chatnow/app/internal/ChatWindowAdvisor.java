package org.chatnow.app.internal;

import java.util.Map;

import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The main window: size, title, status line, and the login dialog once the window is up. */
final class ChatWindowAdvisor extends WorkbenchWindowAdvisor {
    /** System property: "false" keeps the login dialog from opening on start (tests drive it themselves). */
    static final String LOGIN_ON_STARTUP = "chatnow.login.onStartup";

    ChatWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new ChatActionBarAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer configurer = getWindowConfigurer();
        configurer.setInitialSize(new Point(1100, 750));
        configurer.setShowCoolBar(false);
        configurer.setShowStatusLine(true);
        configurer.setShowProgressIndicator(true);
        configurer.setShowPerspectiveBar(false);
        configurer.setTitle("ChatNow");
    }

    @Override
    public void postWindowOpen() {
        IWorkbenchWindow window = getWindowConfigurer().getWindow();
        SelfCheck.startIfAsked(window);
        if ("false".equals(System.getProperty(LOGIN_ON_STARTUP))) {
            return;
        }
        // after the window is painted, so the modal dialog has a parent and the workbench has finished starting
        window.getShell().getDisplay().asyncExec(() -> {
            if (!window.getShell().isDisposed()) {
                Commands.execute(window, UiIds.COMMAND_CONNECT, Map.of());
            }
        });
    }
}
