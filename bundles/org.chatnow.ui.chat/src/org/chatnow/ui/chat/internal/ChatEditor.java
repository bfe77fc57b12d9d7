package org.chatnow.ui.chat.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletionException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * One conversation: the transcript above, the input below. Enter sends, Shift+Enter starts a new line. Messages
 * from the network arrive through the client's listener on the UI executor, so typing is never blocked.
 */
public final class ChatEditor extends EditorPart {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private ChatClient client;
    private AutoCloseable registration;
    private String conversation;
    private StyledText transcript;
    private StyledText input;
    private Button sendButton;

    @Override
    public void init(IEditorSite site, IEditorInput editorInput) throws PartInitException {
        if (!(editorInput instanceof ConversationEditorInput conversationInput)) {
            throw new PartInitException("not a conversation: " + editorInput);
        }
        setSite(site);
        setInput(conversationInput);
        conversation = conversationInput.conversation();
        setPartName(conversationInput.getName());
        setTitleToolTip(conversationInput.getToolTipText());
    }

    @Override
    public void createPartControl(Composite parent) {
        client = ChatUi.client();
        SashForm sash = new SashForm(parent, SWT.VERTICAL);

        transcript = new StyledText(sash, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        transcript.setData(UiIds.WIDGET_ROLE, "transcript");
        transcript.setMargins(8, 6, 8, 6);
        transcript.setFont(JFaceResources.getDialogFont());

        Composite inputRow = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(4, 4).applyTo(inputRow);
        input = new StyledText(inputRow, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        input.setData(UiIds.WIDGET_ROLE, "input");
        input.setFont(JFaceResources.getDialogFont());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(input);
        input.addVerifyKeyListener(e -> {
            boolean enter = e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR;
            if (enter && (e.stateMask & SWT.SHIFT) == 0) {
                e.doit = false;
                send();
            }
        });
        sendButton = new Button(inputRow, SWT.PUSH);
        sendButton.setText("Send");
        sendButton.setData(UiIds.WIDGET_ROLE, "send");
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(sendButton);
        sendButton.addListener(SWT.Selection, e -> send());
        sash.setWeights(82, 18);

        Display display = parent.getDisplay();
        registration = client.addListener(new ChatListener() {
            @Override
            public void messageReceived(ChatMessage message) {
                if (message.conversation().equals(conversation)) {
                    append(message);
                }
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                showState(state, detail);
            }
        }, new UiExecutor(display));
        showState(client.state(), null);
    }

    private void send() {
        String text = input.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        input.setText("");
        client.send(conversation, text).whenCompleteAsync((seq, error) -> {
            if (error != null && !transcript.isDisposed()) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                notice("Not sent (" + cause.getMessage() + "): " + text, SWT.COLOR_RED);
                if (input.getText().isEmpty()) {
                    input.setText(text);
                }
            }
        }, new UiExecutor(input.getDisplay()));
    }

    private void append(ChatMessage message) {
        if (transcript.isDisposed()) {
            return;
        }
        boolean atBottom = isScrolledToBottom();
        boolean own = message.from().equals(client.user());
        String header = TIME.format(message.time()) + "  " + message.from() + ": ";
        int start = transcript.getCharCount();
        String line = (start == 0 ? "" : "\n") + header + message.text();
        transcript.append(line);
        int headerStart = start + (start == 0 ? 0 : 1);
        StyleRange time = new StyleRange(headerStart, 7, display().getSystemColor(SWT.COLOR_DARK_GRAY), null);
        StyleRange author = new StyleRange(headerStart + 7, message.from().length() + 1, authorColor(own), null, SWT.BOLD);
        transcript.setStyleRange(time);
        transcript.setStyleRange(author);
        if (atBottom) {
            transcript.setTopIndex(transcript.getLineCount() - 1);
        }
    }

    private void notice(String text, int colour) {
        int start = transcript.getCharCount();
        String line = (start == 0 ? "" : "\n") + "\u2014 " + text;
        transcript.append(line);
        StyleRange style = new StyleRange(start, line.length(), display().getSystemColor(colour), null, SWT.ITALIC);
        transcript.setStyleRange(style);
        transcript.setTopIndex(transcript.getLineCount() - 1);
    }

    private void showState(ConnectionState state, String detail) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        boolean online = state == ConnectionState.ONLINE;
        sendButton.setEnabled(online);
        setContentDescription(online ? "" : "Not connected");
        if (state == ConnectionState.KICKED) {
            notice("Disconnected: " + detail, SWT.COLOR_RED);
        } else if (state == ConnectionState.OFFLINE && detail != null) {
            notice("Offline: " + detail, SWT.COLOR_DARK_GRAY);
        } else if (online) {
            notice("Connected as " + client.user(), SWT.COLOR_DARK_GREEN);
        }
    }

    private boolean isScrolledToBottom() {
        int visibleLines = Math.max(1, transcript.getClientArea().height / Math.max(1, transcript.getLineHeight()));
        return transcript.getTopIndex() + visibleLines >= transcript.getLineCount() - 1;
    }

    private Color authorColor(boolean own) {
        return display().getSystemColor(own ? SWT.COLOR_DARK_BLUE : SWT.COLOR_DARK_MAGENTA);
    }

    private Display display() {
        return transcript.getDisplay();
    }

    @Override
    public void setFocus() {
        input.setFocus();
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

    @Override
    public void doSave(IProgressMonitor monitor) {
        // conversations are saved by the server
    }

    @Override
    public void doSaveAs() {
        // not supported
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }
}
