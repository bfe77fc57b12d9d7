package org.chatnow.ui.chat.internal.editor;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.Presence;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.transcript.ImagePreviews;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.chatnow.ui.chat.model.ConversationTimeline;
import org.chatnow.ui.chat.model.LiveQueue;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * One conversation: a header for private conversations, the transcript, a line saying who is typing, the input.
 * Enter sends, Shift+Enter starts a new line; in rooms, "Send File…" shares a file through the shared folder and
 * posts a link to it. Opening shows what the workbench received and the newest page of the server's history;
 * scrolling to the top loads older pages. The tab counts unread messages ("#lobby (3)"); while the user sees the
 * editor, the conversation is marked read. A "New messages" line marks where unread messages begin, and in private
 * conversations "Seen" stands under the last own message the other person has read.
 * <p>
 * What the transcript shows is decided by a {@link ConversationTimeline}; the editor forwards what happens to it
 * (messages, pages, reconnects, scrolling) and lays out the widgets around it.
 */
public final class ChatEditor extends EditorPart implements TranscriptRenderer.Editor {
    private final ZoneId zone = ZoneId.systemDefault();
    private ChatClient client;
    private ConversationStore store;
    private ReadPositions readPositions;
    /** What to undo when the editor goes: listeners, timers and resources, in the order they were taken. */
    private final List<Runnable> disposers = new ArrayList<>();
    private String conversation;
    /** The user this workbench was last logged in as: titles and own messages keep it while offline. */
    private String me;
    private Display display;
    private UiExecutor uiExecutor;
    private Transcript transcript;
    private ConversationTimeline timeline;
    private final LiveQueue incoming = new LiveQueue();
    private Composer composer;
    /** Emoji pictures in the transcript and the input, when a bundle offers them. */
    private InlinePictures pictures;
    private PrivateHeader header;
    private TypingLine typingLine;
    private ReadTracker readTracker;
    private FileActions files;
    private TranscriptRenderer renderer;
    private SendQueue sendQueue;

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
        uiExecutor = new UiExecutor(display);
        store = ConversationStore.of(site.getWorkbenchWindow().getWorkbench());
        client = store.client();
        readPositions = store.readPositions();
        me = client.user();
        // the tab counts unread messages even before (or without) the editor being shown
        ListenerRegistration readRegistration = readPositions.addListener(changed -> {
            if (changed == null || changed.contains(conversation)) {
                updateTitle();
                updateSeen();
            }
        });
        disposers.add(readRegistration::close);
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
            header = new PrivateHeader(root, conversation);
            header.update(me);
        }
        SashForm sash = new SashForm(root, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        createTranscriptArea(new Composite(sash, SWT.NONE));
        composer = new Composer(new Composite(sash, SWT.NONE), client, conversation, text -> sendQueue.send(text), pictures, this::chooseFileToSend);
        disposers.add(composer::dispose);
        sash.setWeights(82, 18);
        disposers.add(new EditorFont(transcript, composer.input(), pictures)::dispose);
        files = new FileActions(client, conversation, transcript, () -> me);
        transcript.onLinkClicked(files::linkClicked);

        renderer = new TranscriptRenderer(transcript, client, conversation, uiExecutor, () -> me, this);
        timeline = new ConversationTimeline(zone, renderer);
        renderer.render(timeline);
        timeline.setUser(me);
        sendQueue = new SendQueue(client, conversation, timeline, uiExecutor, transcript::isDisposed);
        transcript.onOutgoingAction(action -> sendQueue.clicked(action, transcript, colour(SWT.COLOR_DARK_GRAY)));
        readTracker = new ReadTracker(this, conversation, readPositions, transcript, timeline::highestSeq);
        disposers.add(readTracker::dispose);

        startTranscript();
        ListenerRegistration messageSubscription = store.subscribe(new ConversationStore.Listener() {
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
                if (where.equals(conversation) && !user.equals(me)) {
                    typingLine.typing(user, active);
                }
            }

            @Override
            public void presenceChanged(String user, Presence presence) {
                if (presence == Presence.OFFLINE) {
                    typingLine.stopped(user);
                }
            }
        });
        disposers.add(messageSubscription::close);
        showState(client.state(), null, true);
        updateSeen();
        readTracker.markReadSoon();
    }

    private void createTranscriptArea(Composite top) {
        GridLayoutFactory.fillDefaults().spacing(0, 0).applyTo(top);
        pictures = new InlinePictures(org.chatnow.ui.ChatUi.inlineImages());
        transcript = new Transcript(top, zone, pictures);
        // pictures behind file links, shown small in the transcript
        ImagePreviews previews = new ImagePreviews(client, conversation, display, ImagePreviews.cacheFolder());
        disposers.add(previews::dispose);
        transcript.setPreviews(previews);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(transcript.control());
        typingLine = new TypingLine(top);
        disposers.add(typingLine::dispose);
    }

    /** Shows what the workbench holds of the conversation, with the divider where unread messages begin. */
    private void startTranscript() {
        timeline.start(store.recentMessages(conversation), readPositions.readSeq(conversation), readPositions.unread(conversation) > 0);
        transcript.revealEnd();
        timeline.setOnline(client.state() == ConnectionState.ONLINE);
    }

    /** Another login: start again from what the store holds for it. */
    private void restart() {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        me = client.user();
        timeline.setUser(me);
        incoming.clear();
        timeline.restart();
        typingLine.clear();
        startTranscript();
        updateTitle();
        updateHeader();
    }

    // ------------------------------------------------------------------ history

    @Override
    public void newerHistoryShown() {
        if (UserAttention.sees(this)) {
            readTracker.markReadSoon();
        }
    }

    /** Shows message {@code seq} selected, loading older history first if need be; {@code notFound} runs if it cannot. */
    public void reveal(long seq, Runnable notFound) {
        if (renderer != null && !transcript.isDisposed()) {
            renderer.reveal(seq, notFound);
        }
    }

    // ------------------------------------------------------------------ live messages

    /** Live messages wait for the next flush, so that a burst of them is one change of the transcript. */
    private void received(ChatMessage message) {
        if (transcript.isDisposed()) {
            return;
        }
        if (incoming.add(message)) {
            // queued behind the messages already waiting for the UI thread: it takes them all
            uiExecutor.execute(this::flushIncoming);
        }
    }

    private void flushIncoming() {
        if (transcript.isDisposed()) {
            incoming.clear();
            return;
        }
        // a flood is shown in slices, with the UI thread free in between: typed keys and painting go first
        if (incoming.flush(this::show)) {
            uiExecutor.execute(this::flushIncoming);
        }
    }

    private void show(List<ChatMessage> batch) {
        boolean seen = UserAttention.sees(this);
        ConversationTimeline.LiveOutcome outcome = timeline.live(batch, seen, readPositions.readSeq(conversation));
        for (ChatMessage message : outcome.shown()) {
            typingLine.stopped(message.from());
        }
        if (outcome.ownArrived()) {
            updateSeen();
        }
        if (seen) {
            readTracker.markReadSoon();
        }
    }

    /** In a private conversation, "Seen" under the last own message the other person has read. */
    @Override
    public void updateSeen() {
        if (transcript == null || transcript.isDisposed() || me == null || !Conversations.isDirect(conversation)) {
            return;
        }
        String peer = Conversations.peer(conversation, me);
        if (peer != null) {
            transcript.setSeen(readPositions.peerRead(conversation, peer), Messages.ChatEditor_seen);
        }
    }

    private void updateTitle() {
        String title = Conversations.title(conversation, me);
        long unread = readPositions.unread(conversation);
        // the editor in front is being marked read: no count flickering on its tab meanwhile
        boolean seen = transcript != null && !transcript.isDisposed() && UserAttention.sees(this);
        setPartName(unread == 0 || seen ? title : NLS.bind(Messages.ChatEditor_unreadTitle, title, unread));
    }

    private void updateHeader() {
        if (header != null) {
            header.update(me);
        }
    }

    // ------------------------------------------------------------------ sending

    public void chooseFileToSend() {
        files.chooseFileToSend(getSite().getShell());
    }

    public void sendFile(Path file) {
        files.sendFile(file);
    }

    // ------------------------------------------------------------------ connection

    /** Shows the connection state; a change also leaves a line in the transcript, the initial state does not. */
    private void showState(ConnectionState state, String detail, boolean initial) {
        if (transcript == null || transcript.isDisposed()) {
            return;
        }
        boolean online = state == ConnectionState.ONLINE;
        composer.setOnline(online);
        setContentDescription(online ? "" : Messages.ChatEditor_notConnected);
        if (!online) {
            typingLine.clear();
        }
        if (online && client.user() != null) {
            me = client.user();
            timeline.setUser(me);
            updateTitle();
            updateHeader();
        }
        timeline.setOnline(online && client.user() != null);
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

    /** Inserts {@code text} at the input's caret (replacing a selection) and puts the focus there. */
    public void insertText(String text) {
        if (composer != null) {
            composer.insert(text);
        }
    }

    @Override
    public void setFocus() {
        composer.setFocus();
        readTracker.markReadSoon();
    }

    @Override
    public void dispose() {
        disposers.forEach(Runnable::run);
        super.dispose();
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
