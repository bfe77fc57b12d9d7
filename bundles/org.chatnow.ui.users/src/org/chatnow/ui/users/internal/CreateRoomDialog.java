package org.chatnow.ui.users.internal;

import org.chatnow.client.ChatException;
import org.chatnow.client.ChatClient;
import org.chatnow.client.RoomInfo;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Chat ▸ Create Room…: a name (checked as the user types, by the server's rule) and an optional topic. The dialog
 * stays open until the server created the room, and shows why if it did not.
 */
final class CreateRoomDialog extends TitleAreaDialog {
    static final int MAX_NAME = 32;
    static final int MAX_TOPIC = 200;

    private final ChatClient client;
    private Text nameText;
    private Text topicText;
    private boolean creating;
    private RoomInfo created;

    CreateRoomDialog(Shell parent, ChatClient client) {
        super(parent);
        this.client = client;
    }

    /** The room the server created, once the dialog closed with OK. */
    RoomInfo created() {
        return created;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.CreateRoom_title);
        shell.setData(UiIds.WIDGET_ROLE, "createRoomDialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(Messages.CreateRoom_title);
        setMessage(Messages.CreateRoom_message);
        Composite form = new Composite(area, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(form);
        new Label(form, SWT.NONE).setText(Messages.CreateRoom_name);
        nameText = new Text(form, SWT.BORDER);
        nameText.setData(UiIds.WIDGET_ROLE, "roomName");
        nameText.setMessage(Messages.CreateRoom_nameHint);
        nameText.setTextLimit(MAX_NAME * 2);
        GridDataFactory.fillDefaults().grab(true, false).hint(320, SWT.DEFAULT).applyTo(nameText);
        new Label(form, SWT.NONE).setText(Messages.CreateRoom_topic);
        topicText = new Text(form, SWT.BORDER);
        topicText.setData(UiIds.WIDGET_ROLE, "roomTopic");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(topicText);
        nameText.addModifyListener(e -> validate());
        topicText.addModifyListener(e -> validate());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, Messages.CreateRoom_create, true).setData(UiIds.WIDGET_ROLE, "createRoom");
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
        getButton(IDialogConstants.OK_ID).setEnabled(false);
    }

    /** Why {@code name} is not a room name, or null if it is one: 1 to 32 of ll/lo/nd . _ -, first a letter or digit. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return Messages.CreateRoom_nameEmpty;
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return Messages.CreateRoom_nameInvalid;
        }
        boolean first = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            boolean letterOrDigit = type == Character.LOWERCASE_LETTER || type == Character.OTHER_LETTER
                || type == Character.DECIMAL_DIGIT_NUMBER;
            if (!letterOrDigit && (first || cp != '.' && cp != '_' && cp != '-')) {
                return Messages.CreateRoom_nameInvalid;
            }
            first = false;
            i += Character.charCount(cp);
        }
        return null;
    }

    private boolean validate() {
        String problem = problem(nameText.getText().strip());
        if (problem == null && topicText.getText().strip().length() > MAX_TOPIC) {
            problem = Messages.CreateRoom_topicTooLong;
        }
        // an empty name is not yet an error, just not enough
        setErrorMessage(problem == null || nameText.getText().isEmpty() ? null : problem);
        getButton(IDialogConstants.OK_ID).setEnabled(problem == null && !creating);
        return problem == null;
    }

    @Override
    protected void okPressed() {
        if (creating || !validate()) {
            return;
        }
        String name = nameText.getText().strip();
        String topic = topicText.getText().strip();
        setCreating(true);
        setMessage(NLS.bind(Messages.CreateRoom_creating, name), IMessageProvider.INFORMATION);
        client.createRoom(name, topic).whenCompleteAsync((room, error) -> {
            if (getShell() == null || getShell().isDisposed()) {
                return;
            }
            setCreating(false);
            if (error == null) {
                created = room;
                setReturnCode(OK);
                close();
            } else {
                setMessage(Messages.CreateRoom_message);
                setErrorMessage(ChatException.of(error).is(ChatException.ROOM_EXISTS) ? NLS.bind(Messages.CreateRoom_exists, name)
                    : NLS.bind(Messages.CreateRoom_failed, ChatException.of(error).getMessage()));
            }
        }, new UiExecutor(getShell().getDisplay()));
    }

    private void setCreating(boolean value) {
        creating = value;
        nameText.setEnabled(!value);
        topicText.setEnabled(!value);
        getButton(IDialogConstants.OK_ID).setEnabled(!value);
    }
}
