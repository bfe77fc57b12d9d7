package org.chatnow.ui.users.internal;

import java.util.List;

import org.chatnow.client.ChatException;
import org.chatnow.client.ChatClient;
import org.chatnow.client.RoomInfo;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.preference.JFacePreferences;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

/**
 * Chat ▸ Join Room…: every room of the server with its topic and member count (the ones the user is in greyed);
 * pick one and Join (or double-click it). The dialog stays open until the server answered.
 */
final class JoinRoomDialog extends TitleAreaDialog {
    private final ChatClient client;
    private TableViewer viewer;
    private boolean joining;
    private RoomInfo joined;

    JoinRoomDialog(Shell parent, ChatClient client) {
        super(parent);
        this.client = client;
    }

    /** The room joined, once the dialog closed with OK. */
    RoomInfo joined() {
        return joined;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.JoinRoom_title);
        shell.setData(UiIds.WIDGET_ROLE, "joinRoomDialog");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(Messages.JoinRoom_title);
        setMessage(Messages.JoinRoom_loading, IMessageProvider.INFORMATION);
        viewer = new TableViewer(area, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL);
        viewer.getTable().setData(UiIds.WIDGET_ROLE, "rooms");
        viewer.getTable().setHeaderVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(480, 240).indent(8, 8).applyTo(viewer.getTable());
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        Color greyed = JFaceResources.getColorRegistry().get(JFacePreferences.QUALIFIER_COLOR);
        column(Messages.JoinRoom_room, 140, room -> "#" + room.name() + (room.joined() ? " (" + Messages.JoinRoom_joined + ")" : ""), greyed);
        column(Messages.JoinRoom_topic, 250, RoomInfo::topic, greyed);
        column(Messages.JoinRoom_members, 80, room -> Integer.toString(room.members()), greyed);
        viewer.addSelectionChangedListener(e -> updateButton());
        viewer.addDoubleClickListener(e -> okPressed());
        client.rooms().whenCompleteAsync((rooms, error) -> show(rooms, error), new UiExecutor(parent.getDisplay()));
        return area;
    }

    private void column(String title, int width, java.util.function.Function<RoomInfo, String> text, Color greyed) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((RoomInfo) element);
            }

            @Override
            public Color getForeground(Object element) {
                return ((RoomInfo) element).joined() ? greyed : null;
            }
        });
    }

    private void show(List<RoomInfo> rooms, Throwable error) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        if (error != null) {
            setErrorMessage(NLS.bind(Messages.JoinRoom_listFailed, ChatException.of(error).getMessage()));
            return;
        }
        // rooms to join first, then those the user is in already
        List<RoomInfo> sorted = rooms.stream().sorted((a, b) -> a.joined() != b.joined() ? (a.joined() ? 1 : -1) : a.name().compareTo(b.name()))
            .toList();
        viewer.setInput(sorted);
        boolean any = sorted.stream().anyMatch(r -> !r.joined());
        setMessage(any ? Messages.JoinRoom_message : Messages.JoinRoom_none);
        sorted.stream().filter(r -> !r.joined()).findFirst().ifPresent(r -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(r)));
        updateButton();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.JoinRoom_join, true).setData(UiIds.WIDGET_ROLE, "joinRoom");
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        getButton(IDialogConstants.OK_ID).setEnabled(false);
    }

    private RoomInfo selected() {
        return viewer.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof RoomInfo room ? room : null;
    }

    private void updateButton() {
        RoomInfo room = selected();
        getButton(IDialogConstants.OK_ID).setEnabled(!joining && room != null && !room.joined());
    }

    @Override
    protected void okPressed() {
        RoomInfo room = selected();
        if (joining || room == null || room.joined()) {
            return;
        }
        joining = true;
        updateButton();
        setErrorMessage(null);
        setMessage(NLS.bind(Messages.JoinRoom_joining, room.name()), IMessageProvider.INFORMATION);
        client.joinRoom(room.name()).whenCompleteAsync((result, error) -> {
            if (getShell() == null || getShell().isDisposed()) {
                return;
            }
            joining = false;
            if (error == null) {
                joined = result;
                setReturnCode(OK);
                close();
            } else {
                setMessage(Messages.JoinRoom_message);
                setErrorMessage(NLS.bind(Messages.JoinRoom_failed, ChatException.of(error).getMessage()));
                updateButton();
            }
        }, new UiExecutor(getShell().getDisplay()));
    }
}
