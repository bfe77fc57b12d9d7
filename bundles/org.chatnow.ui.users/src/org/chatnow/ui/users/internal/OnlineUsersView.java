package org.chatnow.ui.users.internal;

import java.util.List;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.jface.resource.JFaceResources;

/** Who is online, updated live as people join and leave. The logged-in user is shown in bold. */
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
                return "\u25CF " + element;
            }

            @Override
            public Font getFont(Object element) {
                return element.equals(client.user()) ? JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT) : null;
            }
        });
        show(client.onlineUsers());
        registration = client.addListener(new ChatListener() {
            @Override
            public void onlineUsersChanged(List<String> users) {
                show(users);
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                updateDescription(state);
            }
        }, new UiExecutor(parent.getDisplay()));
        updateDescription(client.state());
    }

    private void show(List<String> users) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        viewer.setInput(users);
        setPartName("Users Online (" + users.size() + ")");
    }

    private void updateDescription(ConnectionState state) {
        setContentDescription(state == ConnectionState.ONLINE ? "" : "Not connected");
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
        super.dispose();
    }
}
