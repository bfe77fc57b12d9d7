package org.chatnow.app.internal;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ActionFactory.IWorkbenchAction;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The window's menu skeleton. Bundles contribute into it by id: "chat" (its "additions" group for connecting and
 * conversations, then the "rooms" and "presence" groups), "window", and "help" (with its "additions" group, where the
 * p2 install and update entries go).
 */
final class ChatActionBarAdvisor extends ActionBarAdvisor {
    static final String GROUP_ROOMS = "rooms";
    static final String GROUP_PRESENCE = "presence";
    private IWorkbenchAction quit;
    private IWorkbenchAction resetPerspective;
    private IWorkbenchAction preferences;
    private IWorkbenchAction about;

    ChatActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        quit = ActionFactory.QUIT.create(window);
        resetPerspective = ActionFactory.RESET_PERSPECTIVE.create(window);
        preferences = ActionFactory.PREFERENCES.create(window);
        about = ActionFactory.ABOUT.create(window);
        register(quit);
        register(resetPerspective);
        register(preferences);
        register(about);
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();

        MenuManager chat = new MenuManager("&Chat", "chat");
        chat.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        chat.add(new Separator(GROUP_ROOMS));
        chat.add(new Separator(GROUP_PRESENCE));
        // named, so that the presence group ends before it
        chat.add(new Separator("quit"));
        chat.add(quit);
        menuBar.add(chat);

        menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));

        MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View", "showView");
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
        windowMenu.add(showView);
        windowMenu.add(resetPerspective);
        windowMenu.add(new Separator());
        windowMenu.add(preferences);
        windowMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        menuBar.add(windowMenu);

        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        help.add(new Separator());
        help.add(about);
        menuBar.add(help);
    }
}
