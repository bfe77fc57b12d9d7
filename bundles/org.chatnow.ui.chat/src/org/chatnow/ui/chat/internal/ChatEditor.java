package org.chatnow.ui.chat.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.HistoryPage;
import org.chatnow.client.Presence;
import org.chatnow.ui.ByteSizes;
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.SharedFileTransfers;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.resource.JFaceResources;
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
import org.eclipse.swt.widgets.FileDialog;
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
 * One conversation: a header for private conversations, the transcript, a line saying who is typing, the input.
 * Enter sends, Shift+Enter starts a new line; in rooms, "Send File…" shares a file through the shared folder and
 * posts a link to it. Opening shows what the workbench received and the newest page of the server's history;
 * scrolling to the top loads older pages. The tab counts unread messages ("#lobby (3)"); while the user sees the
 * editor, the conversation is marked read. A "New messages" line marks where unread messages begin, and in private
 * conversations "Seen" stands under the last own message the other person has read.
 */
public final class ChatEditor extends EditorPart {
    /** Messages in the first page of history; older pages are larger, since the user is scrolling through them. */
    static final int FIRST_PAGE = 50;
    static final int OLDER_PAGE = 100;
    /** Pages of history loaded at most to show a message found by a search. */
    static final int REVEAL_PAGES = 50;
    /** Marking read waits this long, so a burst of messages sends one read position. */
    static final int MARK_READ_DELAY_MILLIS = 300;
    /** Live messages shown in one change of the transcript; more wait for the next turn of the UI thread. */
    static final int FLUSH_SLICE = 40;
    /** Time the UI thread spends showing messages before it lets keys and painting through. */
    static final long FLUSH_BUDGET_NANOS = 12_000_000;

    private enum History {
        NOT_LOADED, LOADING, MORE, COMPLETE
    }

    private final ZoneId zone = ZoneId.systemDefault();
    private ChatClient client;
    private ConversationStore store;
    private ReadPositions readPositions;
    private AutoCloseable messageSubscription;
    private AutoCloseable readRegistration;
    private String conversation;
    /** The user this workbench was last logged in as: titles and own messages keep it while offline. */
    private String me;
    private Transcript transcript;
    private StyledText input;
    /** A message to show once older history has been loaded (0: none), how many more pages may be loaded for it, and what to do if it cannot be. */
    private long revealTarget;
    private int revealPagesLeft;
    private Runnable revealNotFound;
    /** Emoji pictures in the transcript and the input, when a bundle offers them. */
    private InlinePictures pictures;
    /** Pictures behind file links, shown small in the transcript. */
    private ImagePreviews previews;
    private Button sendButton;
    private Button sendFileButton;
    private Label header;
    private TypingLine typingLine;
    private TypingSender typingSender;
    private Font font;
    private IPreferenceStore preferences;
    private IEclipsePreferences.IPreferenceChangeListener fontListener;
    private IPartListener2 partListener;
    private Listener shellActivation;
    private Runnable midnight;
    private final Runnable markReadLater = this::markReadIfSeen;
    private boolean markReadPending;
    private boolean loadOlderPending;
    private final List<ChatMessage> incoming = new ArrayList<>();
    private boolean flushPending;
    private History history = History.NOT_LOADED;
    /** Bumped whenever the transcript starts afresh, so history pages asked for before are dropped. */
    private int generation;
    private Display display;

    @Override
    public void init(IEditorSite site, IEditorInput editorInput) throws PartInitException {
        if (!(editorInput instanceof ConversationEditorInput conversationInput)) {
            throw new PartInitException("not a conversation: " + editorInput);
        }
        setSite(site);
        setInput(conversationInput);
        conversation = conversationInput.conversation();
        setTitleToolTip(conversationInput.getToolTipText());
        display = site.getShell().getDisplay();
        store = ConversationStore.of(site.getWorkbenchWindow().getWorkbench());
        client = store.client();
        readPositions = store.readPositions();
        me = client.user();
        // the tab counts unread messages even before (or without) the editor being shown
        readRegistration = readPositions.addListener(changed -> {
            if (changed == null || changed.contains(conversation)) {
                updateTitle();
                updateSeen();
            }
        });
        updateTitle();
    }

    /** The conversation this editor shows. */
    public String conversation() {
        return conversation;
    }

    /** Messages the user has not read; shown in the tab. */
    public long unreadCount() {
        return readPositions.unread(conversation);
    }

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(root);
        if (Conversations.isDirect(conversation)) {
            createPrivateHeader(root);
        }
        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);

        Composite top = new Composite(sash, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(top);
        pictures = new InlinePictures(org.chatnow.ui.ChatUi.inlineImages());
        transcript = new Transcript(top, zone, pictures);
        previews = new ImagePreviews(client, conversation, display, ImagePreviews.cacheFolder());
        transcript.setPreviews(previews);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(transcript.control());
        transcript.onLinkClicked(this::linkClicked);
        Label typing = new Label(top, SWT.NONE);
        typing.setData(UiIds.WIDGET_ROLE, "typing");
        typing.setFont(JFaceResources.getFontRegistry().getItalic(JFaceResources.DEFAULT_FONT));
        typing.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        // one line high even while empty, so the transcript does not jump when someone starts typing
        GridDataFactory.fillDefaults().grab(true, false).indent(12, 1).hint(SWT.DEFAULT, typing.computeSize(SWT.DEFAULT, SWT.DEFAULT).y + 2)
            .applyTo(typing);
        typingLine = new TypingLine(typing);

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
        typingSender = new TypingSender(client, conversation, display);
        input.addListener(SWT.Modify, e -> typingSender.edited(input.getText()));
        pictures.attach(input);
        input.addListener(SWT.Modify, e -> pictures.restyle(input));
        Composite buttons = new Composite(inputRow, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 4).applyTo(buttons);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.END).applyTo(buttons);
        sendFileButton = new Button(buttons, SWT.PUSH);
        sendFileButton.setText(Messages.ChatEditor_sendFile);
        sendFileButton.setToolTipText(Conversations.isRoom(conversation) ? Messages.ChatEditor_sendFileTooltip : Messages.ChatEditor_sendFilePrivateTooltip);
        sendFileButton.setData(UiIds.WIDGET_ROLE, "sendFile");
        GridDataFactory.fillDefaults().applyTo(sendFileButton);
        sendFileButton.addListener(SWT.Selection, e -> chooseFileToSend());
        sendButton = new Button(buttons, SWT.PUSH);
        sendButton.setText(Messages.ChatEditor_send);
        sendButton.setData(UiIds.WIDGET_ROLE, "send");
        GridDataFactory.fillDefaults().applyTo(sendButton);
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

        // scrolling to the top (by any means: bar, wheel, keys) shows the banner line and loads older messages
        transcript.control().addListener(SWT.Paint, e -> loadOlderSoon());
        transcript.control().getVerticalBar().addListener(SWT.Selection, e -> loadOlderSoon());

        startTranscript();
        messageSubscription = store.subscribe(new ConversationStore.Listener() {
            @Override
            public void received(ChatMessage message) {
                if (message.conversation().equals(conversation)) {
                    ChatEditor.this.received(message);
                }
            }

            @Override
            public void reset() {
                restart();
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                showState(state, detail, false);
            }

            @Override
            public void typingChanged(String where, String user, boolean active) {
                if (where.equals(conversation) && !user.equals(me) && typingLine != null) {
                    typingLine.typing(user, active);
                }
            }

            @Override
            public void presenceChanged(String user, Presence presence) {
                if (presence == Presence.OFFLINE && typingLine != null) {
                    typingLine.stopped(user);
                }
            }
        });
        showState(client.state(), null, true);
        trackActivation();
        scheduleMidnightRefresh();
        updateSeen();
        markReadSoon();
    }

    /** Shows what the workbench holds of the conversation, with the divider where unread messages begin. */
    private void startTranscript() {
        if (readPositions.unread(conversation) > 0) {
            transcript.setDivider(readPositions.readSeq(conversation), Messages.ChatEditor_newMessages);
        }
        transcript.appendAll(store.recentMessages(conversation), me);
        transcript.revealEnd();
        if (client.state() == ConnectionState.ONLINE) {
            loadNewest();
        }
    }

    /** Another login: start again from what the store holds for it. */
    private void restart() {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        generation++;
        history = History.NOT_LOADED;
        me = client.user();
        incoming.clear();
        transcript.clear();
        transcript.setBanner("");
        typingLine.clear();
        startTranscript();
        updateTitle();
        updateHeader();
    }

    // ------------------------------------------------------------------ history

    private void loadNewest() {
        if (history == History.LOADING || client.state() != ConnectionState.ONLINE) {
            return;
        }
        history = History.LOADING;
        transcript.setBanner(Messages.ChatEditor_loadingEarlier);
        fetchHistory(0, FIRST_PAGE, this::mergeNewest);
    }

    private void loadOlderSoon() {
        if (loadOlderPending || history != History.MORE) {
            return;
        }
        // not while painting: inserting text would repaint inside the paint
        loadOlderPending = true;
        display.asyncExec(() -> {
            loadOlderPending = false;
            if (transcript != null && !transcript.isDisposed() && history == History.MORE && transcript.isTopVisible()) {
                loadOlder();
            }
        });
    }

    private void loadOlder() {
        if (client.state() != ConnectionState.ONLINE || transcript.lowestSeq() <= 1) {
            return;
        }
        history = History.LOADING;
        transcript.setBanner(Messages.ChatEditor_loadingEarlier);
        fetchHistory(transcript.lowestSeq(), OLDER_PAGE, this::mergeOlder);
    }

    /** Asks the server for a page as a job (shown in the Progress view); {@code merge} gets it on the UI thread. */
    private void fetchHistory(long before, int limit, java.util.function.Consumer<HistoryPage> merge) {
        int asked = generation;
        Job job = new Job(NLS.bind(Messages.ChatEditor_historyJob, Conversations.title(conversation, me))) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                monitor.beginTask(getName(), IProgressMonitor.UNKNOWN);
                CompletableFuture<HistoryPage> page = client.history(conversation, before, limit);
                try {
                    while (true) {
                        if (monitor.isCanceled()) {
                            page.cancel(false);
                            ui(() -> historyFailed(asked, null));
                            return Status.CANCEL_STATUS;
                        }
                        try {
                            HistoryPage result = page.get(100, TimeUnit.MILLISECONDS);
                            ui(() -> {
                                if (asked == generation && transcript != null && !transcript.isDisposed()) {
                                    merge.accept(result);
                                }
                            });
                            return Status.OK_STATUS;
                        } catch (TimeoutException e) {
                            // keep waiting, checking for cancel
                        }
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    ui(() -> historyFailed(asked, cause));
                    return Status.OK_STATUS; // the editor tells the user; no error dialog for a page of history
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Status.CANCEL_STATUS;
                } finally {
                    monitor.done();
                }
            }
        };
        job.setPriority(Job.SHORT);
        job.schedule();
    }

    private void historyFailed(int asked, Throwable error) {
        if (asked != generation || transcript == null || transcript.isDisposed()) {
            return;
        }
        if (revealTarget > 0) {
            giveUpReveal();
        }
        // back to where it was: a later scroll (or reconnect) tries again
        history = transcript.messageCount() == 0 && transcript.lowestSeq() == 0 ? History.NOT_LOADED : History.MORE;
        transcript.setBanner(error == null ? "" : NLS.bind(Messages.ChatEditor_historyFailed, error.getMessage()));
    }

    /** The newest page: older messages go above, newer ones (not yet received live) below, the rest are known. */
    private void mergeNewest(HistoryPage page) {
        List<ChatMessage> messages = page.messages();
        if (!messages.isEmpty() && transcript.highestSeq() != 0 && messages.get(0).seq() > transcript.highestSeq() + 1) {
            // what was shown is older than the page, with messages missing between: show the page instead
            long divider = transcript.dividerAfter();
            transcript.clear();
            if (divider >= 0) {
                transcript.setDivider(divider, Messages.ChatEditor_newMessages);
            }
        }
        List<ChatMessage> older = new ArrayList<>();
        List<ChatMessage> newer = new ArrayList<>();
        long lowest = transcript.lowestSeq();
        long highest = transcript.highestSeq();
        for (ChatMessage m : messages) {
            if (lowest == 0 || m.seq() > highest) {
                newer.add(m);
            } else if (m.seq() < lowest) {
                older.add(m);
            }
        }
        transcript.prepend(older, me);
        // history, not news: where the divider stands was decided from the read position when the editor opened
        transcript.appendAll(newer, me);
        if (!newer.isEmpty() && UserAttention.sees(this)) {
            markReadSoon();
        }
        historyLoaded(page.more());
    }

    private void mergeOlder(HistoryPage page) {
        long lowest = transcript.lowestSeq();
        List<ChatMessage> older = page.messages().stream().filter(m -> lowest == 0 || m.seq() < lowest).toList();
        transcript.prepend(older, me);
        historyLoaded(page.more());
        continueReveal();
    }

    /**
     * Shows message {@code seq} selected, loading older pages of history first if it is older than what the transcript
     * holds (at most {@link #REVEAL_PAGES} of them); {@code notFound} runs if it cannot be shown.
     */
    void reveal(long seq, Runnable notFound) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        if (transcript.reveal(seq)) {
            revealTarget = 0;
            return;
        }
        revealTarget = seq;
        revealPagesLeft = REVEAL_PAGES;
        revealNotFound = notFound;
        if (history == History.MORE) {
            loadOlderForReveal();
        } else if (history != History.LOADING) {
            giveUpReveal();
        }
    }

    private void loadOlderForReveal() {
        if (client.state() != ConnectionState.ONLINE || transcript.lowestSeq() <= 1) {
            giveUpReveal();
        } else {
            loadOlder();
        }
    }

    private void continueReveal() {
        if (revealTarget <= 0) {
            return;
        }
        if (transcript.reveal(revealTarget)) {
            revealTarget = 0;
        } else if (history == History.MORE && --revealPagesLeft > 0) {
            loadOlderForReveal();
        } else {
            giveUpReveal();
        }
    }

    private void giveUpReveal() {
        revealTarget = 0;
        if (revealNotFound != null) {
            revealNotFound.run();
        }
    }

    private void historyLoaded(boolean more) {
        history = more ? History.MORE : History.COMPLETE;
        transcript.setBanner(more ? "" : transcript.messageCount() == 0 ? Messages.ChatEditor_noMessagesYet : Messages.ChatEditor_beginning);
        updateSeen();
        if (more) {
            // the view is not full yet, or the user is still at the top
            loadOlderSoon();
        }
    }

    // ------------------------------------------------------------------ live messages

    /** Live messages wait here for the next flush, so that a burst of them is one change of the transcript. */
    private void received(ChatMessage message) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        incoming.add(message);
        if (!flushPending) {
            flushPending = true;
            // queued behind the messages already waiting for the UI thread: it takes them all
            new UiExecutor(display).execute(this::flushIncoming);
        }
    }

    private void flushIncoming() {
        flushPending = false;
        if (transcript == null || transcript.isDisposed() || incoming.isEmpty()) {
            incoming.clear();
            return;
        }
        // a flood is shown in slices, with the UI thread free in between: typed keys and painting go first
        long started = System.nanoTime();
        while (!incoming.isEmpty()) {
            int slice = Math.min(incoming.size(), FLUSH_SLICE);
            List<ChatMessage> batch = new ArrayList<>(incoming.subList(0, slice));
            incoming.subList(0, slice).clear();
            show(batch);
            if (!incoming.isEmpty() && System.nanoTime() - started > FLUSH_BUDGET_NANOS) {
                flushPending = true;
                new UiExecutor(display).execute(this::flushIncoming);
                return;
            }
        }
    }

    private void show(List<ChatMessage> batch) {
        boolean seen = UserAttention.sees(this);
        boolean restarted = false;
        boolean ownArrived = false;
        List<ChatMessage> shown = new ArrayList<>(batch.size());
        long highest = transcript.highestSeq();
        for (ChatMessage message : batch) {
            if (message.seq() <= highest) {
                continue;
            }
            if (highest != 0 && message.seq() > highest + 1) {
                // more was missed than the server replays after a long time offline: start again from the newest
                transcript.appendAll(shown, me);
                shown.clear();
                generation++;
                history = History.NOT_LOADED;
                transcript.clear();
                restarted = true;
            }
            boolean own = message.from().equals(me);
            if (!own && !seen && readPositions.readSeq(conversation) == message.seq() - 1 && transcript.dividerAfter() != message.seq() - 1) {
                // the first message the user misses: the divider moves here (and goes in with the message)
                transcript.appendAll(shown, me);
                shown.clear();
                transcript.setDivider(message.seq() - 1, Messages.ChatEditor_newMessages);
            }
            shown.add(message);
            highest = message.seq();
            ownArrived |= own;
            typingLine.stopped(message.from());
        }
        transcript.appendAll(shown, me);
        if (history == History.COMPLETE && !shown.isEmpty() && transcript.messageCount() == shown.size()) {
            transcript.setBanner(Messages.ChatEditor_beginning);
        }
        if (restarted) {
            loadNewest();
        }
        if (ownArrived) {
            updateSeen();
        }
        if (seen) {
            markReadSoon();
        }
    }

    /** In a private conversation, "Seen" under the last own message the other person has read. */
    private void updateSeen() {
        if (transcript == null || transcript.isDisposed() || me == null || !Conversations.isDirect(conversation)) {
            return;
        }
        String peer = Conversations.peer(conversation, me);
        if (peer != null) {
            transcript.setSeen(readPositions.peerRead(conversation, peer), Messages.ChatEditor_seen);
        }
    }

    private void markReadSoon() {
        if (markReadPending || display.isDisposed()) {
            return;
        }
        markReadPending = true;
        display.timerExec(MARK_READ_DELAY_MILLIS, markReadLater);
    }

    private void markReadIfSeen() {
        markReadPending = false;
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        if (UserAttention.sees(this)) {
            transcript.refreshDayLabels();
            readPositions.markRead(conversation, Math.max(readPositions.lastSeq(conversation), transcript.highestSeq()));
        }
    }

    private void updateTitle() {
        String title = Conversations.title(conversation, me);
        long unread = readPositions.unread(conversation);
        // the editor in front is being marked read: no count flickering on its tab meanwhile
        boolean seen = transcript != null && !transcript.isDisposed() && UserAttention.sees(this);
        setPartName(unread == 0 || seen ? title : NLS.bind(Messages.ChatEditor_unreadTitle, title, unread));
    }

    private void trackActivation() {
        partListener = new IPartListener2() {
            @Override
            public void partActivated(IWorkbenchPartReference ref) {
                if (ref.getPart(false) == ChatEditor.this) {
                    markReadSoon();
                }
            }

            @Override
            public void partBroughtToTop(IWorkbenchPartReference ref) {
                if (ref.getPart(false) == ChatEditor.this) {
                    markReadSoon();
                }
            }

            @Override
            public void partVisible(IWorkbenchPartReference ref) {
                if (ref.getPart(false) == ChatEditor.this) {
                    markReadSoon();
                }
            }
        };
        getSite().getPage().addPartListener(partListener);
        Shell shell = getSite().getShell();
        shellActivation = e -> markReadSoon();
        shell.addListener(SWT.Activate, shellActivation);
        shell.addListener(SWT.Deiconify, shellActivation);
    }

    // ------------------------------------------------------------------ header, font, day change

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
        pictures.restyle(input);
        input.getParent().layout(true);
        if (old != null) {
            old.dispose();
        }
    }

    // ------------------------------------------------------------------ sending

    private void send() {
        String text = input.getText().strip();
        if (text.isEmpty()) {
            return;
        }
        typingSender.stop();
        input.setText("");
        client.send(conversation, text).whenCompleteAsync((seq, error) -> {
            if (error != null && !transcript.isDisposed()) {
                Throwable cause = cause(error);
                boolean noSuchConversation = cause instanceof ChatException chat && "unknown_conversation".equals(chat.code())
                    && Conversations.isDirect(conversation);
                transcript.notice(noSuchConversation ? NLS.bind(Messages.ChatEditor_noPrivateYet, text)
                    : NLS.bind(Messages.ChatEditor_notSent, cause.getMessage(), text), colour(SWT.COLOR_RED));
                if (input.getText().isEmpty()) {
                    input.setText(text);
                }
            }
        }, new UiExecutor(display));
    }

    void chooseFileToSend() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setText(NLS.bind(Messages.ChatEditor_sendFileDialog, Conversations.title(conversation, me)));
        String chosen = dialog.open();
        if (chosen != null) {
            sendFile(Path.of(chosen));
        }
    }

    /**
     * Sends {@code file} as a job, then posts a link to it (under the name the server gave it) here. In a room it goes to
     * the shared folder (rooms are open to everyone on the server, and so is the folder); in a private conversation
     * it becomes an attachment of the conversation, which only its two parties can download.
     */
    void sendFile(Path file) {
        String name = file.getFileName().toString();
        String target = conversation;
        String attachTo = Conversations.isRoom(conversation) ? null : conversation;
        transcript.notice(NLS.bind(Messages.ChatEditor_uploading, name), colour(SWT.COLOR_DARK_GRAY));
        SharedFileTransfers.upload(client, attachTo, file, name, display, outcome -> {
            if (outcome.succeeded()) {
                String posted = NLS.bind(Messages.ChatEditor_fileMessage, new Object[] {FileLinks.displayName(outcome.file().name()),
                    ByteSizes.human(outcome.file().size()), FileLinks.link(outcome.file().name())});
                // posted even if the editor was closed meanwhile: the user asked for it
                client.send(target, posted).whenCompleteAsync((seq, error) -> {
                    if (error != null && transcript != null && !transcript.isDisposed()) {
                        transcript.notice(NLS.bind(Messages.ChatEditor_notSent, cause(error).getMessage(), posted), colour(SWT.COLOR_RED));
                    }
                }, new UiExecutor(display));
            } else if (!outcome.cancelled() && transcript != null && !transcript.isDisposed()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_uploadFailed, name, outcome.error().getMessage()), colour(SWT.COLOR_RED));
            }
        });
    }

    private void linkClicked(String target) {
        String fileName = FileLinks.name(target);
        if (fileName == null) {
            Links.open(target);
            return;
        }
        String shown = FileLinks.displayName(fileName);
        transcript.notice(NLS.bind(Messages.ChatEditor_downloading, shown), colour(SWT.COLOR_DARK_GRAY));
        // an attachment's link is read in its own conversation: the server lets only its members have it
        String of = FileLinks.isAttachment(fileName) ? conversation : null;
        SharedFileTransfers.download(client, of, fileName, null, display, outcome -> {
            if (transcript == null || transcript.isDisposed()) {
                return;
            }
            if (outcome.succeeded()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloaded, shown, outcome.target()), colour(SWT.COLOR_DARK_GREEN));
            } else if (outcome.cancelled()) {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloadCancelled, shown), colour(SWT.COLOR_DARK_GRAY));
            } else {
                transcript.notice(NLS.bind(Messages.ChatEditor_downloadFailed, shown, outcome.error().getMessage()), colour(SWT.COLOR_RED));
            }
        });
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    // ------------------------------------------------------------------ connection

    /** Shows the connection state; a change also leaves a line in the transcript, the initial state does not. */
    private void showState(ConnectionState state, String detail, boolean initial) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        boolean online = state == ConnectionState.ONLINE;
        sendButton.setEnabled(online);
        if (sendFileButton != null) {
            sendFileButton.setEnabled(online);
        }
        setContentDescription(online ? "" : Messages.ChatEditor_notConnected);
        if (!online) {
            typingLine.clear();
            typingSender.stop();
        }
        if (online && client.user() != null) {
            me = client.user();
            updateTitle();
            updateHeader();
            if (history == History.NOT_LOADED) {
                loadNewest();
            }
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
        return display.getSystemColor(systemColour);
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

    private void ui(Runnable action) {
        new UiExecutor(display).execute(action);
    }

    /** Inserts {@code text} at the input's caret (replacing a selection) and puts the focus there. */
    void insertText(String text) {
        if (input == null || input.isDisposed()) {
            return;
        }
        input.insert(text);
        input.setCaretOffset(input.getSelection().x + text.length());
        input.setFocus();
    }

    @Override
    public void setFocus() {
        input.setFocus();
        markReadSoon();
    }

    @Override
    public void dispose() {
        if (previews != null) {
            previews.dispose();
        }
        close(messageSubscription);
        close(readRegistration);
        if (typingSender != null) {
            typingSender.stop();
        }
        if (typingLine != null) {
            typingLine.dispose();
        }
        if (fontListener != null) {
            InstanceScope.INSTANCE.getNode(ChatPreferences.NODE).removePreferenceChangeListener(fontListener);
        }
        if (partListener != null) {
            getSite().getPage().removePartListener(partListener);
        }
        Shell shell = getSite().getShell();
        if (shellActivation != null && shell != null && !shell.isDisposed()) {
            shell.removeListener(SWT.Activate, shellActivation);
            shell.removeListener(SWT.Deiconify, shellActivation);
        }
        if (display != null && !display.isDisposed()) {
            if (midnight != null) {
                display.timerExec(-1, midnight);
            }
            display.timerExec(-1, markReadLater);
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
