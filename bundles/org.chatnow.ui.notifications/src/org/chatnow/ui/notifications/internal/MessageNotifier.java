package org.chatnow.ui.notifications.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.ConversationInput;
import org.chatnow.ui.Mentions;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.WorkbenchScoped;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.notifications.NotificationPopup;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;

/**
 * Shows a notification popup for a message from someone else that arrives while its conversation is not visible or
 * the window is not active. Private messages and mentions get a title of their own and stay longer. Clicking the
 * popup opens (or brings forward) the conversation. One per workbench; lives on the UI thread.
 */
final class MessageNotifier {
    static final long NORMAL_MILLIS = 6_000;
    static final long PROMINENT_MILLIS = 15_000;
    static final int MAX_TEXT = 240;
    /** More popups than this at once would cover the screen: the oldest goes. */
    static final int MAX_OPEN = 3;

    /** A popup on screen, with its labels so that a quick follow-up message can update it in place. */
    private record Shown(NotificationPopup popup, String conversation, Label title, StyledText text, InlinePictures pictures, long openedAt) {
    }

    /** A message this soon after the popup of its conversation opened updates it instead of opening a new one. */
    static final long UPDATE_IN_PLACE_MILLIS = 2_000;

    private final IWorkbench workbench;
    private final ChatClient client;
    private final List<Shown> open = new ArrayList<>();
    private final Map<String, Note> pending = new HashMap<>();

    private MessageNotifier(IWorkbench workbench, ChatClient client) {
        this.workbench = workbench;
        this.client = client;
        client.addListener(new ChatListener() {
            @Override
            public void messageReceived(ChatMessage message) {
                consider(message);
            }
        }, new UiExecutor(workbench.getDisplay()));
    }

    /** The workbench's notifier, created (and listening) on first use. Call on the UI thread. */
    static MessageNotifier of(IWorkbench workbench) {
        return WorkbenchScoped.get(workbench, MessageNotifier.class, () -> new MessageNotifier(workbench, ChatUi.client()));
    }

    private void consider(ChatMessage message) {
        String me = client.user();
        if (me == null || message.from().equals(me) || workbench.isClosing() || !NotificationPreferences.enabled()) {
            return;
        }
        boolean direct = Conversations.isDirect(message.conversation());
        boolean mention = !direct && Mentions.mentions(message.text(), me);
        if (NotificationPreferences.onlyPrivateAndMentions() && !direct && !mention) {
            return;
        }
        IWorkbenchWindow window = window();
        if (window == null) {
            return;
        }
        boolean windowActive = window.getShell().getDisplay().getActiveShell() == window.getShell();
        if (windowActive && isVisible(window, message.conversation())) {
            return;
        }
        String where = Conversations.title(message.conversation(), me);
        String title = direct ? NLS.bind(Messages.Popup_private, message.from())
            : mention ? NLS.bind(Messages.Popup_mention, message.from(), where) : NLS.bind(Messages.Popup_message, message.from(), where);
        Note note = new Note(window, message.conversation(), title, shorten(message.text()), direct || mention);
        // a burst of messages shows one popup, with the last message (or the last prominent one)
        Note waiting = pending.get(message.conversation());
        if (waiting != null && waiting.prominent() && !note.prominent()) {
            return;
        }
        pending.put(message.conversation(), note);
        if (waiting == null) {
            workbench.getDisplay().asyncExec(() -> {
                Note latest = pending.remove(message.conversation());
                if (latest != null && !workbench.isClosing() && !latest.window().getShell().isDisposed()) {
                    show(latest.window(), latest.conversation(), latest.title(), latest.text(), latest.prominent());
                }
            });
        }
    }

    /** A notification waiting to be shown once the current burst of messages is handled. */
    private record Note(IWorkbenchWindow window, String conversation, String title, String text, boolean prominent) {
    }

    private IWorkbenchWindow window() {
        IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
        if (window == null && workbench.getWorkbenchWindowCount() > 0) {
            window = workbench.getWorkbenchWindows()[0];
        }
        return window == null || window.getShell() == null || window.getShell().isDisposed() ? null : window;
    }

    /** True if an editor of {@code conversation} is on screen in {@code window}. */
    private static boolean isVisible(IWorkbenchWindow window, String conversation) {
        IWorkbenchPage page = window.getActivePage();
        if (page == null) {
            return false;
        }
        for (IEditorReference ref : page.getEditorReferences()) {
            if (!UiIds.EDITOR_CHAT.equals(ref.getId())) {
                continue;
            }
            IEditorPart part = ref.getEditor(false);
            if (part != null && part.getEditorInput() instanceof ConversationInput input
                && input.conversation().equals(conversation) && page.isPartVisible(part)) {
                return true;
            }
        }
        return false;
    }

    private void show(IWorkbenchWindow window, String conversation, String title, String text, boolean prominent) {
        Display display = window.getShell().getDisplay();
        // a newer message of the same conversation replaces its popup; a burst of them updates one popup
        for (Shown shown : List.copyOf(open)) {
            if (!shown.conversation().equals(conversation)) {
                continue;
            }
            if (System.currentTimeMillis() - shown.openedAt() < UPDATE_IN_PLACE_MILLIS && update(shown, title, text)) {
                return;
            }
            close(shown);
        }
        while (open.size() >= MAX_OPEN) {
            close(open.get(0));
        }
        List<Control> clickable = new ArrayList<>();
        // emoji as pictures when the emoji bundle offers them (it may come and go), the paperclip drawn without a font
        InlinePictures pictures = new InlinePictures(ChatUi.inlineImages());
        Label[] title0 = new Label[1];
        StyledText[] text0 = new StyledText[1];
        NotificationPopup popup = NotificationPopup.forDisplay(display)
            .title(parent -> {
                Label label = new Label(parent, SWT.NONE);
                label.setText(title);
                label.setData(UiIds.WIDGET_ROLE, "notificationTitle");
                label.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
                GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(label);
                clickable.add(label);
                title0[0] = label;
                return label;
            }, true)
            .content(parent -> {
                Composite body = new Composite(parent, SWT.NONE);
                GridLayoutFactory.fillDefaults().spacing(0, 6).applyTo(body);
                StyledText message = new StyledText(body, SWT.WRAP | SWT.MULTI | SWT.READ_ONLY);
                message.setEditable(false);
                message.setCaret(null);
                message.setBackground(body.getBackground());
                message.setData(UiIds.WIDGET_ROLE, "notificationText");
                pictures.attach(message);
                message.setText(text);
                pictures.restyle(message);
                GridDataFactory.fillDefaults().grab(true, false).hint(320, SWT.DEFAULT).applyTo(message);
                Label hint = new Label(body, SWT.NONE);
                hint.setText(Messages.Popup_clickToOpen);
                hint.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
                hint.setFont(JFaceResources.getFontRegistry().getItalic(JFaceResources.DEFAULT_FONT));
                clickable.add(body);
                clickable.add(message);
                text0[0] = message;
                clickable.add(hint);
                return body;
            })
            .delay(prominent ? PROMINENT_MILLIS : NORMAL_MILLIS)
            .build();
        popup.open();
        Shell shell = popup.getShell();
        if (shell == null || shell.isDisposed()) {
            return;
        }
        Shown shown = new Shown(popup, conversation, title0[0], text0[0], pictures, System.currentTimeMillis());
        shell.setData(UiIds.WIDGET_ROLE, "notification");
        shell.setData(UiIds.PARAMETER_CONVERSATION, conversation);
        shell.addListener(SWT.Dispose, e -> open.remove(shown));
        Listener openConversation = e -> {
            if (e.button == 1) {
                activate(conversation);
                close(shown);
            }
        };
        for (Control control : clickable) {
            control.addListener(SWT.MouseUp, openConversation);
            control.setCursor(display.getSystemCursor(SWT.CURSOR_HAND));
        }
        stackAbove(shell);
        open.add(shown);
    }

    /** Shows a newer message in an open popup, growing it upwards if the text needs more lines. */
    private static boolean update(Shown shown, String title, String text) {
        Shell shell = shown.popup().getShell();
        if (shell == null || shell.isDisposed() || shown.title() == null || shown.text() == null || shown.text().isDisposed()) {
            return false;
        }
        shown.title().setText(title);
        shown.text().setText(text);
        shown.pictures().restyle(shown.text());
        Rectangle bounds = shell.getBounds();
        int height = Math.max(bounds.height, shell.computeSize(bounds.width, SWT.DEFAULT).y);
        shell.setBounds(bounds.x, bounds.y + bounds.height - height, bounds.width, height);
        shell.layout(true, true);
        return true;
    }

    /** Moves a new popup above those already showing, so they do not cover each other. */
    private void stackAbove(Shell shell) {
        Rectangle bounds = shell.getBounds();
        int y = bounds.y;
        for (Shown other : open) {
            Shell otherShell = other.popup().getShell();
            if (otherShell != null && !otherShell.isDisposed()) {
                y = Math.min(y, otherShell.getBounds().y - bounds.height - 8);
            }
        }
        if (y != bounds.y && y >= 0) {
            shell.setLocation(bounds.x, y);
        }
    }

    /** Opens the conversation's editor and brings the window forward. */
    private void activate(String conversation) {
        IWorkbenchWindow window = window();
        if (window == null) {
            return;
        }
        Shell shell = window.getShell();
        if (shell.getMinimized()) {
            shell.setMinimized(false);
        }
        shell.forceActive();
        Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, conversation));
    }

    private void close(Shown shown) {
        open.remove(shown);
        Shell shell = shown.popup().getShell();
        if (shell != null && !shell.isDisposed()) {
            shown.popup().close();
        }
    }

    /** The message as a notification shows it: file links named as the conversation names them, and not too long. */
    static String shorten(String text) {
        String oneParagraph = FileLinks.readable(text).strip();
        if (oneParagraph.length() <= MAX_TEXT) {
            return oneParagraph;
        }
        int cut = Character.isHighSurrogate(oneParagraph.charAt(MAX_TEXT - 2)) ? MAX_TEXT - 2 : MAX_TEXT - 1;
        return oneParagraph.substring(0, cut) + "\u2026";
    }
}
