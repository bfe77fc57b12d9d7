package org.chatnow.ui.users.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.Conversations;
import org.chatnow.client.Presence;
import org.chatnow.client.RoomInfo;
import org.chatnow.client.UserPresence;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.ReadPositions;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider;
import org.eclipse.jface.viewers.DelegatingStyledCellLabelProvider.IStyledLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IToolTipProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.part.ViewPart;

/**
 * The people and rooms of the server. <b>Rooms</b>: the rooms the user is in, with how many members each has;
 * double-click opens the room. <b>People</b>: who is online (a green dot; amber when away), the user in bold, and
 * people offline the user has a private conversation with (a grey ring); double-click opens the private conversation.
 * Rooms and people show how many of their messages the user has not read. Updated live.
 */
public final class OnlineUsersView extends ViewPart {
    /** Member counts change without notice (joining is not announced): the view asks again this often. */
    static final int ROOMS_REFRESH_MILLIS = 30_000;

    private TreeViewer viewer;
    private ListenerRegistration registration;
    private ListenerRegistration readRegistration;
    private ListenerRegistration awayRegistration;
    private ChatClient client;
    private ReadPositions readPositions;
    private AwayState awayState;
    private PresenceIcons icons;
    private Display display;
    private final Map<String, RoomInfo> roomInfo = new HashMap<>();
    private List<RoomRow> rooms = List.of();
    private List<PersonRow> people = List.of();
    /** Whether the server lists only the user's contacts (many users online), and how many are online in all. */
    private boolean peoplePartial;
    /** Offline after a login: the rows are the last ones known, shown greyed until the client is online again. */
    private boolean stale;
    /** The user and server the rows were built for. */
    private String rowsLogin;
    private int serverOnline;
    private final Runnable roomsTimer = this::roomsTick;
    private boolean refreshPending;

    @Override
    public void createPartControl(Composite parent) {
        client = ChatUi.client();
        display = parent.getDisplay();
        readPositions = ReadPositions.of(getSite().getWorkbenchWindow().getWorkbench());
        awayState = AwayState.of(getSite().getWorkbenchWindow().getWorkbench());
        icons = new PresenceIcons(display);
        viewer = new TreeViewer(parent, SWT.SINGLE | SWT.V_SCROLL | SWT.FULL_SELECTION);
        viewer.getTree().setData(UiIds.WIDGET_ROLE, "users");
        viewer.setContentProvider(new ContentProvider());
        viewer.setLabelProvider(new DelegatingStyledCellLabelProvider(new Labels()));
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.setUseHashlookup(true);
        ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.addDoubleClickListener(event -> {
            if (event.getSelection() instanceof IStructuredSelection selection) {
                open(selection.getFirstElement());
            }
        });
        MenuManager contextMenu = new MenuManager("#PopupMenu");
        contextMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(contextMenu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(contextMenu, viewer);
        getSite().setSelectionProvider(viewer);
        viewer.setInput(Section.values());
        // nothing is chosen until the user chooses (GTK would otherwise show the first row as selected)
        viewer.getTree().deselectAll();

        registration = client.addListener(new ChatListener() {
            @Override
            public void onlineUsersChanged(List<String> users) {
                refreshSoon();
            }

            @Override
            public void presenceChanged(String user, Presence presence) {
                refreshSoon();
            }

            @Override
            public void conversationsChanged(List<ConversationInfo> conversations) {
                refreshSoon();
                fetchRooms();
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                updateDescription(state);
                if (state == ConnectionState.ONLINE) {
                    fetchRooms();
                }
                refreshSoon();
            }
        }, new UiExecutor(display));
        readRegistration = readPositions.addListener(this::unreadChanged);
        awayRegistration = awayState.addListener(this::refreshSoon);
        updateDescription(client.state());
        rebuild();
        fetchRooms();
        display.timerExec(ROOMS_REFRESH_MILLIS, roomsTimer);
        ToggleUsersViewHandler.refresh(getSite().getWorkbenchWindow());
    }

    /** Refreshes the view once, after the current burst of events. */
    void refreshSoon() {
        if (refreshPending) {
            return;
        }
        refreshPending = true;
        display.asyncExec(() -> {
            refreshPending = false;
            rebuild();
        });
    }

    /** Asks the server for the rooms' member counts (and topics), then shows them. */
    void fetchRooms() {
        if (client.state() != ConnectionState.ONLINE) {
            return;
        }
        client.rooms().whenCompleteAsync((list, error) -> {
            if (error == null && viewer != null && !viewer.getControl().isDisposed()) {
                roomInfo.clear();
                for (RoomInfo room : list) {
                    roomInfo.put(room.name(), room);
                }
                rebuild();
            }
        }, new UiExecutor(display));
    }

    private void roomsTick() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        fetchRooms();
        display.timerExec(ROOMS_REFRESH_MILLIS, roomsTimer);
    }

    private void unreadChanged(Set<String> conversations) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        if (conversations == null) {
            refreshSoon();
            return;
        }
        // a burst of messages updates only the rows concerned
        String me = client.user();
        List<Object> rows = new ArrayList<>();
        for (RoomRow room : rooms) {
            if (conversations.contains(room.conversation())) {
                rows.add(room);
            }
        }
        for (PersonRow person : people) {
            if (me != null && !person.isMe() && conversations.contains(Conversations.direct(me, person.user()))) {
                rows.add(person);
            }
        }
        boolean unknown = conversations.stream().anyMatch(c -> Conversations.isRoom(c) && rooms.stream().noneMatch(r -> r.conversation().equals(c))
            || Conversations.isDirect(c) && me != null && Conversations.peer(c, me) != null
                && people.stream().noneMatch(p -> p.user().equals(Conversations.peer(c, me))));
        if (unknown) {
            refreshSoon();
        } else if (!rows.isEmpty()) {
            viewer.update(rows.toArray(), null);
        }
    }

    /** Builds the rows from what the client knows now and shows them. */
    private void rebuild() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        String me = client.user();
        boolean online = client.state() == ConnectionState.ONLINE;
        String login = me + "@" + client.server();
        if (!online && me != null && login.equals(rowsLogin) && (!rooms.isEmpty() || !people.isEmpty())) {
            // keep who was there, greyed: an emptied list reads as "everyone left"
            stale = true;
            viewer.refresh(true);
            setPartName(Messages.UsersView_titleOffline);
            updateDescription(client.state());
            return;
        }
        stale = false;
        updateDescription(client.state());
        List<RoomRow> nextRooms = new ArrayList<>();
        List<PersonRow> nextPeople = new ArrayList<>();
        if (online) {
            for (ConversationInfo info : client.conversations()) {
                if (Conversations.isRoom(info.conversation())) {
                    String name = info.conversation().substring("room:".length());
                    RoomInfo known = roomInfo.get(name);
                    String topic = known != null ? known.topic() : info.topic();
                    nextRooms.add(new RoomRow(name, topic == null ? "" : topic, known == null ? -1 : known.members()));
                }
            }
            nextRooms.sort((a, b) -> a.isLobby() != b.isLobby() ? (a.isLobby() ? -1 : 1) : a.name().compareTo(b.name()));
            java.util.Set<String> listed = new java.util.HashSet<>();
            for (UserPresence user : client.users()) {
                boolean isMe = user.user().equals(me);
                Presence presence = isMe ? (awayState.isAway() ? Presence.AWAY : Presence.ONLINE) : user.presence();
                nextPeople.add(new PersonRow(user.user(), presence, isMe));
                listed.add(user.user());
            }
            if (me != null) {
                for (ConversationInfo info : client.conversations()) {
                    String peer = Conversations.peer(info.conversation(), me);
                    if (peer != null && listed.add(peer)) {
                        nextPeople.add(new PersonRow(peer, Presence.OFFLINE, false));
                    }
                }
            }
            // online first (you first of all), then away, then offline; by name within each
            nextPeople.sort((a, b) -> {
                if (a.isMe() != b.isMe()) {
                    return a.isMe() ? -1 : 1;
                }
                int rank = Integer.compare(rank(a.presence()), rank(b.presence()));
                return rank != 0 ? rank : String.CASE_INSENSITIVE_ORDER.compare(a.user(), b.user());
            });
        }
        rooms = nextRooms;
        people = nextPeople;
        rowsLogin = login;
        peoplePartial = online && client.usersPartial();
        serverOnline = online ? client.onlineCount() : 0;
        viewer.refresh(true);
        viewer.expandAll();
        long onlineCount = peoplePartial ? serverOnline : people.stream().filter(p -> p.presence() != Presence.OFFLINE).count();
        setPartName(NLS.bind(Messages.UsersView_title, onlineCount));
    }

    private static int rank(Presence presence) {
        return switch (presence) {
            case ONLINE -> 0;
            case AWAY -> 1;
            case OFFLINE -> 2;
        };
    }

    private void open(Object element) {
        IWorkbenchWindow window = getSite().getWorkbenchWindow();
        if (element instanceof PersonRow person) {
            PrivateChats.open(window, client, person.user());
        } else if (element instanceof RoomRow room) {
            Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, room.conversation()));
        } else if (element instanceof Section section) {
            viewer.setExpandedState(section, !viewer.getExpandedState(section));
        }
    }

    private void updateDescription(ConnectionState state) {
        String description = switch (state) {
            case ONLINE -> "";
            case CONNECTING, RECONNECTING -> stale ? Messages.UsersView_asLastSeen : Messages.UsersView_connecting;
            case OFFLINE, KICKED -> stale ? Messages.UsersView_asLastSeen : Messages.UsersView_logInFirst;
        };
        setContentDescription(description);
    }

    private long unread(Object element) {
        String me = client.user();
        if (element instanceof RoomRow room) {
            return readPositions.unread(room.conversation());
        }
        if (element instanceof PersonRow person && me != null && !person.isMe()) {
            return readPositions.unread(Conversations.direct(me, person.user()));
        }
        return 0;
    }

    @Override
    public void setFocus() {
        boolean nothingChosen = viewer.getTree().getSelectionCount() == 0;
        viewer.getControl().setFocus();
        if (nothingChosen) {
            // GTK selects the first row (the Rooms heading) when a tree without selection gets the focus, once the
            // focus event is handled: nothing is chosen yet
            display.asyncExec(() -> {
                if (!viewer.getControl().isDisposed() && viewer.getStructuredSelection().getFirstElement() == Section.ROOMS) {
                    viewer.getTree().deselectAll();
                }
            });
        }
    }

    @Override
    public void dispose() {
        close(registration);
        close(readRegistration);
        close(awayRegistration);
        if (icons != null) {
            icons.dispose();
        }
        if (display != null && !display.isDisposed()) {
            display.timerExec(-1, roomsTimer);
        }
        IWorkbenchWindow window = getSite().getWorkbenchWindow();
        Display windowDisplay = window.getShell() == null || window.getShell().isDisposed() ? null : window.getShell().getDisplay();
        super.dispose();
        if (windowDisplay != null) {
            // once the page no longer lists this view
            windowDisplay.asyncExec(() -> {
                if (window.getShell() != null && !window.getShell().isDisposed()) {
                    ToggleUsersViewHandler.refresh(window);
                }
            });
        }
    }

    private static void close(ListenerRegistration handle) {
        if (handle != null) {
            handle.close();
        }
    }

    private final class ContentProvider implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return Section.values();
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent == Section.ROOMS) {
                return rooms.toArray();
            }
            if (parent == Section.PEOPLE) {
                return people.toArray();
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return element instanceof RoomRow ? Section.ROOMS : element instanceof PersonRow ? Section.PEOPLE : null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof Section;
        }
    }

    private final class Labels extends LabelProvider implements IStyledLabelProvider, IToolTipProvider {
        private final StyledString.Styler bold = new StyledString.Styler() {
            @Override
            public void applyStyles(org.eclipse.swt.graphics.TextStyle style) {
                style.font = JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT);
            }
        };

        @Override
        public StyledString getStyledText(Object element) {
            StyledString text = styledText(element);
            return stale ? new StyledString(text.getString(), StyledString.QUALIFIER_STYLER) : text;
        }

        private StyledString styledText(Object element) {
            StyledString text = new StyledString();
            if (element instanceof Section section) {
                boolean roomsSection = section == Section.ROOMS;
                text.append(roomsSection ? Messages.UsersView_rooms : Messages.UsersView_people, bold);
                int count = roomsSection ? rooms.size() : people.size();
                String counter = !roomsSection && peoplePartial ? NLS.bind(Messages.UsersView_partialCount, count, serverOnline)
                    : NLS.bind(Messages.UsersView_count, count);
                text.append(" " + counter, StyledString.COUNTER_STYLER);
                return text;
            }
            long unread = unread(element);
            if (element instanceof RoomRow room) {
                text.append(room.toString(), unread > 0 ? bold : null);
                appendUnread(text, unread);
                if (room.members() >= 0) {
                    text.append("  " + (room.members() == 1 ? Messages.UsersView_oneMember : NLS.bind(Messages.UsersView_members, room.members())),
                        StyledString.DECORATIONS_STYLER);
                }
            } else if (element instanceof PersonRow person) {
                text.append(person.isMe() ? NLS.bind(Messages.UsersView_you, person.user()) : person.user(),
                    person.isMe() || unread > 0 ? bold : null);
                appendUnread(text, unread);
                if (person.presence() == Presence.AWAY) {
                    text.append("  " + Messages.UsersView_away, StyledString.DECORATIONS_STYLER);
                } else if (person.presence() == Presence.OFFLINE) {
                    text.append("  " + Messages.UsersView_offline, StyledString.DECORATIONS_STYLER);
                }
            }
            return text;
        }

        private void appendUnread(StyledString text, long unread) {
            if (unread > 0) {
                text.append(" (" + unread + ")", StyledString.COUNTER_STYLER);
            }
        }

        @Override
        public Image getImage(Object element) {
            return element instanceof PersonRow person ? icons.of(person.presence()) : null;
        }

        @Override
        public String getToolTipText(Object element) {
            if (element == Section.PEOPLE && peoplePartial) {
                return Messages.UsersView_partialTooltip;
            }
            return element instanceof RoomRow room && !room.topic().isEmpty() ? room.topic() : null;
        }
    }
}
