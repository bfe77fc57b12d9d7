package org.chatnow.ui.capture.internal;

import java.nio.file.Path;
import java.util.Map;

import org.chatnow.client.Conversations;
import org.chatnow.ui.Commands;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.UiIds;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * After a capture: the picture small, where it was saved, and what to do with it: send it into the conversation in
 * front (as Send File does: a room's through the shared folder, a private conversation's as an attachment only its two
 * parties can read), open its folder, or nothing more.
 */
final class CaptureDialog extends Dialog {
    private static final int SEND = IDialogConstants.CLIENT_ID + 1;
    private static final int OPEN_FOLDER = IDialogConstants.CLIENT_ID + 2;
    private static final int PREVIEW_WIDTH = 480;
    private final IWorkbenchWindow window;
    private final Path file;
    private final ImageData data;
    /** The conversation in front, or null. */
    private final String conversation;
    private Image preview;

    CaptureDialog(Shell parent, IWorkbenchWindow window, Path file, ImageData data) {
        super(parent);
        this.window = window;
        this.file = file;
        this.data = data;
        IEditorPart editor = window.getActivePage() == null ? null : window.getActivePage().getActiveEditor();
        conversation = editor != null && editor.getEditorInput() instanceof ConversationInput input ? input.conversation() : null;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Capture_title);
        shell.setData(UiIds.WIDGET_ROLE, "captureDialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().applyTo(area);
        Label picture = new Label(area, SWT.BORDER);
        int width = Math.min(PREVIEW_WIDTH, data.width);
        int height = Math.max(1, data.height * width / Math.max(1, data.width));
        preview = new Image(parent.getDisplay(), data.scaledTo(width, height));
        picture.setImage(preview);
        picture.setData(UiIds.WIDGET_ROLE, "capturePreview");
        Label saved = new Label(area, SWT.WRAP);
        saved.setText(NLS.bind(Messages.Capture_saved, data.width + " \u00d7 " + data.height, file));
        saved.setData(UiIds.WIDGET_ROLE, "capturePath");
        saved.setData("path", file.toString());
        GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).applyTo(saved);
        if (conversation == null) {
            Label why = new Label(area, SWT.WRAP);
            why.setText(Messages.Capture_noConversation);
            GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).applyTo(why);
        }
        area.addListener(SWT.Dispose, e -> preview.dispose());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        String me = org.chatnow.ui.ChatUi.client().user();
        String title = conversation == null ? Messages.Capture_sendNowhere : NLS.bind(Messages.Capture_send, Conversations.title(conversation, me));
        Button send = createButton(parent, SEND, title, conversation != null);
        send.setEnabled(conversation != null);
        send.setData(UiIds.WIDGET_ROLE, "captureSend");
        createButton(parent, OPEN_FOLDER, Messages.Capture_openFolder, false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, conversation == null);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == SEND) {
            close();
            Commands.execute(window, UiIds.COMMAND_SEND_FILE, Map.of(UiIds.PARAMETER_FILE, file.toString()));
        } else if (buttonId == OPEN_FOLDER) {
            String folder = file.getParent().toString();
            Job open = Job.create(Messages.Capture_openFolder, (IProgressMonitor monitor) -> {
                Program.launch(folder);
                return Status.OK_STATUS;
            });
            open.setSystem(true);
            open.schedule();
        } else if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }
}
