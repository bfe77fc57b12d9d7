package org.chatnow.ui.notifications.internal;

import org.eclipse.osgi.util.NLS;

/** The notifications' user-visible strings (messages.properties). */
final class Messages extends NLS {
    public static String Popup_private;
    public static String Popup_mention;
    public static String Popup_message;
    public static String Popup_clickToOpen;
    public static String Preferences_description;
    public static String Preferences_enabled;
    public static String Preferences_onlyImportant;
    public static String Preferences_when;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
