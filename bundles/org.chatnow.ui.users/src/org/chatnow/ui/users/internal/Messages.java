package org.chatnow.ui.users.internal;

import org.eclipse.osgi.util.NLS;

/** The users view's user-visible strings (messages.properties). */
final class Messages extends NLS {
    public static String UsersView_title;
    public static String UsersView_notConnected;
    public static String UsersView_you;
    public static String PrivateChat_title;
    public static String PrivateChat_withYourself;
    public static String PrivateChat_notConnected;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
