package org.chatnow.ui.users.internal;

import java.util.Map;

import org.chatnow.ui.UiIds;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.commands.IElementUpdater;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.menus.UIElement;
import org.eclipse.ui.services.IServiceScopes;

/** Window ▸ Users Online: shows the users view, or closes it; the menu item is checked while the view is open. */
public final class ToggleUsersViewHandler extends AbstractHandler implements IElementUpdater {
    static final String COMMAND = "org.chatnow.ui.users.toggleView";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        IWorkbenchPage page = window.getActivePage();
        if (page == null) {
            return null;
        }
        IViewPart view = page.findView(UiIds.VIEW_USERS);
        if (view != null) {
            page.hideView(view);
        } else {
            try {
                page.showView(UiIds.VIEW_USERS);
            } catch (PartInitException e) {
                throw new ExecutionException("cannot show the users view", e);
            }
        }
        refresh(window);
        return null;
    }

    @Override
    public void updateElement(UIElement element, @SuppressWarnings("rawtypes") Map parameters) {
        Object scope = parameters.get(IServiceScopes.WINDOW_SCOPE);
        IWorkbenchWindow window = scope instanceof IWorkbenchWindow w ? w : PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IWorkbenchPage page = window == null ? null : window.getActivePage();
        element.setChecked(page != null && page.findView(UiIds.VIEW_USERS) != null);
    }

    /** Brings the menu item's check mark up to date; call when the view opened or closed. */
    static void refresh(IWorkbenchWindow window) {
        ICommandService commands = window.getService(ICommandService.class);
        if (commands != null) {
            commands.refreshElements(COMMAND, null);
        }
    }
}
