package org.chatnow.ui.chat.internal.editor;

import java.util.function.Consumer;

import org.chatnow.client.ChatClient;
import org.chatnow.client.Conversations;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.InlinePictures;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;

/**
 * Where the user writes: the input (Enter sends, Shift+Enter starts a new line, typing is announced), "Send File…"
 * and "Send". What is sent goes to the editor's {@link SendQueue}, which shows it in the transcript at once, also while
 * the connection is down (then it waits in the client's outbox).
 */
final class Composer {
    private final Consumer<String> sender;
    private final StyledText input;
    private final TypingSender typingSender;
    private final Button sendFileButton;
    private final Button sendButton;
    private final Display display;

    Composer(Composite row, ChatClient client, String conversation, Consumer<String> sender, InlinePictures pictures, Runnable chooseFile) {
        this.sender = sender;
        this.display = row.getDisplay();
        GridLayoutFactory.fillDefaults().numColumns(2).margins(4, 4).applyTo(row);
        input = new StyledText(row, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        input.setData(UiIds.WIDGET_ROLE, "input");
        input.setMargins(4, 3, 4, 3);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(input);
        input.addVerifyKeyListener(e -> {
            boolean enter = e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR;
            if (enter && (e.stateMask & SWT.SHIFT) == 0) {
                e.doit = false;
                send();
            }
        });
        typingSender = new TypingSender(client, conversation, display);
        input.addListener(SWT.Modify, e -> typingSender.edited(input.getText()));
        pictures.attach(input);
        input.addListener(SWT.Modify, e -> pictures.restyle(input));
        Composite buttons = new Composite(row, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 4).applyTo(buttons);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(buttons);
        sendFileButton = new Button(buttons, SWT.PUSH);
        sendFileButton.setText(Messages.ChatEditor_sendFile);
        sendFileButton.setToolTipText(Conversations.isRoom(conversation) ? Messages.ChatEditor_sendFileTooltip : Messages.ChatEditor_sendFilePrivateTooltip);
        sendFileButton.setData(UiIds.WIDGET_ROLE, "sendFile");
        GridDataFactory.fillDefaults().applyTo(sendFileButton);
        sendFileButton.addListener(SWT.Selection, e -> chooseFile.run());
        sendButton = new Button(buttons, SWT.PUSH);
        sendButton.setText(Messages.ChatEditor_send);
        sendButton.setData(UiIds.WIDGET_ROLE, "send");
        GridDataFactory.fillDefaults().applyTo(sendButton);
        sendButton.addListener(SWT.Selection, e -> send());
    }

    StyledText input() {
        return input;
    }

    /**
     * Files are sent only while connected; messages always (they wait for the connection). Going offline also ends
     * "is typing".
     */
    void setOnline(boolean online) {
        sendFileButton.setEnabled(online);
        if (!online) {
            typingSender.stop();
        }
    }

    /** Inserts {@code text} at the caret (replacing a selection) and puts the focus there. */
    void insert(String text) {
        if (input.isDisposed()) {
            return;
        }
        input.insert(text);
        input.setCaretOffset(input.getSelection().x + text.length());
        input.setFocus();
    }

    void setFocus() {
        input.setFocus();
    }

    void dispose() {
        typingSender.stop();
    }

    private void send() {
        String text = input.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        typingSender.stop();
        input.setText("");
        sender.accept(text);
    }
}
