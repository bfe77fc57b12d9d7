package org.chatnow.ui.users.internal;

import java.util.List;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.part.ViewPart;

/**
 * Who is online, updated live as people join and leave. The logged-in user is shown in bold. Double-click someone
 * (or "Send Private Message" in the context menu) to open your private conversation with them.
 */
public final class OnlineUsersView extends ViewPart {
    private TableViewer viewer;
    private AutoCloseable registration;
    private ChatClient client;

    @Override
    public void createPartControl(Composite parent) {
        client = ChatUi.client();
        viewer = new TableViewer(parent, SWT.SINGLE | SWT.V_SCROLL | SWT.FULL_SELECTION);
        viewer.getTable().setData(UiIds.WIDGET_ROLE, "users");
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                String name = (String) element;
                return "\u25CF " + (name.equals(client.user()) ? NLS.bind(Messages.UsersView_you, name) : name);
            }

            @Override
            public Font getFont(Object element) {
                return element.equals(client.user()) ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT) : null;
            }
        });
        viewer.addDoubleClickListener(event -> {
            if (event.getSelection() instanceof IStructuredSelection selection && selection.getFirstElement() instanceof String user) {
                PrivateChats.open(getSite().getWorkbenchWindow(), client, user);
            }
        });
        MenuManager contextMenu = new MenuManager("#PopupMenu");
        contextMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(contextMenu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(contextMenu, viewer);
        getSite().setSelectionProvider(viewer);

        show(client.onlineUsers());
        registration = client.addListener(new ChatListener() {
            @Override
            public void onlineUsersChanged(List<String> users) {
                show(users);
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                updateDescription(state);
                if (state == ConnectionState.ONLINE && !viewer.getControl().isDisposed()) {
                    viewer.refresh(true);
                }
            }
        }, new UiExecutor(parent.getDisplay()));
        updateDescription(client.state());
        ToggleUsersViewHandler.refresh(getSite().getWorkbenchWindow());
    }

    private void show(List<String> users) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        viewer.setInput(users);
        setPartName(NLS.bind(Messages.UsersView_title, users.size()));
    }

    private void updateDescription(ConnectionState state) {
        setContentDescription(state == ConnectionState.ONLINE ? "" : Messages.UsersView_notConnected);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                // removing a listener does not fail
            }
        }
        IWorkbenchWindow window = getSite().getWorkbenchWindow();
        Display display = window.getShell() == null || window.getShell().isDisposed() ? null : window.getShell().getDisplay();
        super.dispose();
        if (display != null) {
            // once the page no longer lists this view
            display.asyncExec(() -> {
                if (window.getShell() != null && !window.getShell().isDisposed()) {
                    ToggleUsersViewHandler.refresh(window);
                }
            });
        }
    }
}
