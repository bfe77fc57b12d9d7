package org.chatnow.ui.users.internal;

import org.eclipse.osgi.util.NLS;

/** The users view's user-visible strings (messages.properties). */
final class Messages extends NLS {
    public static String UsersView_title;
    public static String UsersView_titleOffline;
    public static String UsersView_asLastSeen;
    public static String UsersView_connecting;
    public static String UsersView_logInFirst;
    public static String UsersView_you;
    public static String UsersView_rooms;
    public static String UsersView_people;
    public static String UsersView_partialCount;
    public static String UsersView_partialTooltip;
    public static String PrivateChat_to;
    public static String PrivateChat_nameEmpty;
    public static String UsersView_count;
    public static String UsersView_members;
    public static String UsersView_oneMember;
    public static String UsersView_away;
    public static String UsersView_offline;
    public static String PrivateChat_title;
    public static String PrivateChat_withYourself;
    public static String PrivateChat_notConnected;
    public static String Away_set;
    public static String Away_back;
    public static String CreateRoom_title;
    public static String CreateRoom_message;
    public static String CreateRoom_name;
    public static String CreateRoom_topic;
    public static String CreateRoom_create;
    public static String CreateRoom_nameHint;
    public static String CreateRoom_nameEmpty;
    public static String CreateRoom_nameInvalid;
    public static String CreateRoom_topicTooLong;
    public static String CreateRoom_exists;
    public static String CreateRoom_failed;
    public static String CreateRoom_creating;
    public static String JoinRoom_title;
    public static String JoinRoom_message;
    public static String JoinRoom_join;
    public static String JoinRoom_loading;
    public static String JoinRoom_listFailed;
    public static String JoinRoom_none;
    public static String JoinRoom_joined;
    public static String JoinRoom_room;
    public static String JoinRoom_topic;
    public static String JoinRoom_members;
    public static String JoinRoom_joining;
    public static String JoinRoom_failed;
    public static String LeaveRoom_title;
    public static String LeaveRoom_confirm;
    public static String LeaveRoom_failed;
    public static String LeaveRoom_lobby;
    public static String LeaveRoom_noRoom;
    public static String Rooms_notConnected;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
