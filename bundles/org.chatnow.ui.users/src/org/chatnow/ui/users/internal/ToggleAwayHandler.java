package org.chatnow.ui.users.internal;

import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.commands.IElementUpdater;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.menus.UIElement;

/**
 * Chat ▸ Set Away / I'm Back: tells everyone the user is away (an amber mark in their users view), or back. The menu
 * item names what it will do.
 */
public final class ToggleAwayHandler extends AbstractHandler implements IElementUpdater {
    static final String COMMAND = "org.chatnow.ui.users.toggleAway";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbench workbench = HandlerUtil.getActiveWorkbenchWindowChecked(event).getWorkbench();
        AwayState away = AwayState.of(workbench);
        away.setAway(!away.isAway());
        ICommandService commands = workbench.getService(ICommandService.class);
        if (commands != null) {
            commands.refreshElements(COMMAND, null);
        }
        return null;
    }

    @Override
    public void updateElement(UIElement element, @SuppressWarnings("rawtypes") Map parameters) {
        boolean away = AwayState.of(PlatformUI.getWorkbench()).isAway();
        element.setText(away ? Messages.Away_back : Messages.Away_set);
    }
}
