package org.chatnow.ui.chat.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletionException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * One conversation: a header for private conversations, the transcript, the input. Enter sends, Shift+Enter starts a
 * new line. Messages come from the workbench's {@link ConversationStore} on the UI thread, so typing is never
 * blocked. Messages from others that arrive while this editor is not the active part, or the window is not active,
 * are counted in the tab title ("#lobby (3)") until the editor is activated.
 */
public final class ChatEditor extends EditorPart {
    private final ZoneId zone = ZoneId.systemDefault();
    private ChatClient client;
    private ConversationStore store;
    private AutoCloseable messageSubscription;
    private AutoCloseable stateRegistration;
    private String conversation;
    /** The user this workbench was last logged in as: titles and own messages keep it while offline. */
    private String me;
    private Transcript transcript;
    private StyledText input;
    private Button sendButton;
    private Label header;
    private Font font;
    private IPreferenceStore preferences;
    private IEclipsePreferences.IPreferenceChangeListener fontListener;
    private IPartListener2 partListener;
    private Listener shellActivation;
    private Runnable midnight;
    private int unread;
    private boolean titleUpdatePending;
    private Display display;

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

    /** The conversation this editor shows. */
    public String conversation() {
        return conversation;
    }

    /** Messages received while this editor was not in front; 0 once it is activated. */
    public int unreadCount() {
        return unread;
    }

    @Override
    public void createPartControl(Composite parent) {
        store = ConversationStore.of(getSite().getWorkbenchWindow().getWorkbench());
        client = store.client();
        me = client.user();
        display = parent.getDisplay();

        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);
        if (Conversations.isDirect(conversation)) {
            createPrivateHeader(root);
        }
        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        transcript = new Transcript(sash, zone);

        Composite inputRow = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(4, 4).applyTo(inputRow);
        input = new StyledText(inputRow, SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
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
        sendButton = new Button(inputRow, SWT.PUSH);
        sendButton.setText(Messages.ChatEditor_send);
        sendButton.setData(UiIds.WIDGET_ROLE, "send");
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(sendButton);
        sendButton.addListener(SWT.Selection, e -> send());
        sash.setWeights(82, 18);

        preferences = ChatPreferences.store();
        applyFont();
        // the widgets go before or after dispose(): free the font only when nothing can paint with it any more
        transcript.control().addListener(SWT.Dispose, e -> {
            if (font != null) {
                font.dispose();
            }
        });
        fontListener = event -> {
            if (ChatPreferences.FONT.equals(event.getKey())) {
                onUiThread(this::applyFont);
            }
        };
        InstanceScope.INSTANCE.getNode(ChatPreferences.NODE).addPreferenceChangeListener(fontListener);

        for (ChatMessage message : store.messages(conversation)) {
            transcript.append(message, message.from().equals(me), me);
        }
        messageSubscription = store.subscribe(message -> {
            if (message.conversation().equals(conversation)) {
                received(message);
            }
        });
        stateRegistration = client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                showState(state, detail, false);
            }
        }, new UiExecutor(display));
        showState(client.state(), null, true);
        trackActivation();
        scheduleMidnightRefresh();
    }

    private void createPrivateHeader(Composite root) {
        Composite bar = new Composite(root, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        GridLayoutFactory.fillDefaults().margins(10, 6).applyTo(bar);
        RGB base = root.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND).getRGB();
        Color tint = new Color(new RGB((base.red * 85 + 255 * 15) / 100, (base.green * 85 + 196 * 15) / 100,
            (base.blue * 85 + 0 * 15) / 100));
        bar.setBackground(tint);
        bar.addListener(SWT.Dispose, e -> tint.dispose());
        header = new Label(bar, SWT.WRAP);
        header.setData(UiIds.WIDGET_ROLE, "conversationHeader");
        header.setBackground(tint);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
        updateHeader();
    }

    private void updateHeader() {
        if (header == null || header.isDisposed()) {
            return;
        }
        String peer = me == null ? null : Conversations.peer(conversation, me);
        if (peer != null) {
            header.setText(NLS.bind(Messages.ChatEditor_privateHeader, peer));
        } else {
            String[] parties = conversation.substring("dm:".length()).split(":", 2);
            header.setText(NLS.bind(Messages.ChatEditor_privateHeaderUnknown, parties[0], parties.length > 1 ? parties[1] : "?"));
        }
        header.getParent().layout(true);
    }

    private void received(ChatMessage message) {
        if (transcript.isDisposed()) {
            return;
        }
        boolean own = message.from().equals(me);
        transcript.append(message, own, me);
        if (!own && !isInFront()) {
            unread++;
            if (!titleUpdatePending) {
                // once per burst: the runnable queues behind the messages already waiting for the UI thread
                titleUpdatePending = true;
                display.asyncExec(() -> {
                    titleUpdatePending = false;
                    if (!transcript.isDisposed()) {
                        updateTitle();
                    }
                });
            }
        }
    }

    /** True if the user is looking at this editor: it is the active part of an active window. */
    private boolean isInFront() {
        if (getSite().getPage().getActivePart() != this) {
            return false;
        }
        Shell shell = getSite().getShell();
        return shell.getDisplay().getActiveShell() == shell;
    }

    private void markRead() {
        transcript.refreshDayLabels();
        if (unread != 0) {
            unread = 0;
            updateTitle();
        }
    }

    private void updateTitle() {
        String title = Conversations.title(conversation, me);
        setPartName(unread == 0 ? title : NLS.bind(Messages.ChatEditor_unreadTitle, title, unread));
    }

    private void trackActivation() {
        partListener = new IPartListener2() {
            @Override
            public void partActivated(IWorkbenchPartReference ref) {
                if (ref.getPart(false) == ChatEditor.this) {
                    markRead();
                }
            }
        };
        getSite().getPage().addPartListener(partListener);
        Shell shell = getSite().getShell();
        shellActivation = e -> {
            if (getSite().getPage().getActivePart() == this) {
                markRead();
            }
        };
        shell.addListener(SWT.Activate, shellActivation);
    }

    /** "Today" becomes "Yesterday" at midnight even if nobody writes. */
    private void scheduleMidnightRefresh() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime next = LocalDate.now(zone).plusDays(1).atStartOfDay(zone);
        int millis = (int) Math.min(Integer.MAX_VALUE, Duration.between(now, next).toMillis() + 1000);
        midnight = () -> {
            if (!transcript.isDisposed()) {
                transcript.refreshDayLabels();
                scheduleMidnightRefresh();
            }
        };
        display.timerExec(millis, midnight);
    }

    private void applyFont() {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        Font old = font;
        font = new Font(display, ChatPreferences.font(preferences));
        transcript.setFont(font);
        input.setFont(font);
        input.getParent().layout(true);
        if (old != null) {
            old.dispose();
        }
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
                boolean noSuchConversation = cause instanceof ChatException chat && "unknown_conversation".equals(chat.code())
                    && Conversations.isDirect(conversation);
                transcript.notice(noSuchConversation ? NLS.bind(Messages.ChatEditor_noPrivateYet, text)
                    : NLS.bind(Messages.ChatEditor_notSent, cause.getMessage(), text), colour(SWT.COLOR_RED));
                if (input.getText().isEmpty()) {
                    input.setText(text);
                }
            }
        }, new UiExecutor(input.getDisplay()));
    }

    /** Shows the connection state; a change also leaves a line in the transcript, the initial state does not. */
    private void showState(ConnectionState state, String detail, boolean initial) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        boolean online = state == ConnectionState.ONLINE;
        sendButton.setEnabled(online);
        setContentDescription(online ? "" : Messages.ChatEditor_notConnected);
        if (online && client.user() != null) {
            me = client.user();
            updateTitle();
            updateHeader();
        }
        if (initial) {
            return;
        }
        if (state == ConnectionState.KICKED) {
            transcript.notice(NLS.bind(Messages.ChatEditor_kicked, detail), colour(SWT.COLOR_RED));
        } else if (state == ConnectionState.OFFLINE && detail != null) {
            transcript.notice(NLS.bind(Messages.ChatEditor_offline, detail), colour(SWT.COLOR_DARK_GRAY));
        } else if (online) {
            transcript.notice(NLS.bind(Messages.ChatEditor_connectedAs, client.user()), colour(SWT.COLOR_DARK_GREEN));
        }
    }

    private Color colour(int systemColour) {
        return transcript.control().getDisplay().getSystemColor(systemColour);
    }

    private void onUiThread(Runnable action) {
        if (display.isDisposed()) {
            return;
        }
        if (display.getThread() == Thread.currentThread()) {
            action.run();
        } else {
            display.asyncExec(action);
        }
    }

    @Override
    public void setFocus() {
        input.setFocus();
    }

    @Override
    public void dispose() {
        close(messageSubscription);
        close(stateRegistration);
        if (fontListener != null) {
            InstanceScope.INSTANCE.getNode(ChatPreferences.NODE).removePreferenceChangeListener(fontListener);
        }
        if (partListener != null) {
            getSite().getPage().removePartListener(partListener);
        }
        Shell shell = getSite().getShell();
        if (shellActivation != null && shell != null && !shell.isDisposed()) {
            shell.removeListener(SWT.Activate, shellActivation);
        }
        if (midnight != null && display != null && !display.isDisposed()) {
            display.timerExec(-1, midnight);
        }
        super.dispose();
    }

    private static void close(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                // removing a listener does not fail
            }
        }
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // conversations are kept by the server
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
