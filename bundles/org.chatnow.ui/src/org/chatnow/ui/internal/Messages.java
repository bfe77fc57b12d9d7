package org.chatnow.ui.internal;

import org.eclipse.osgi.util.NLS;

/** User-visible strings of the shared UI pieces (messages.properties). */
public final class Messages extends NLS {
    public static String Transfer_uploading;
    public static String Transfer_attaching;
    public static String Transfer_downloadingAttachment;
    public static String Transfer_downloading;
    public static String Transfer_progress;
    public static String Transfer_retrying;
    public static String Transfer_connecting;
    public static String Transfer_failed;
    public static String Transfer_notAFile;
    public static String Transfer_cannotWrite;
    public static String Preferences_saving;
    public static String Preferences_savingFailed;

    static {
        NLS.initializeMessages(Messages.class.getPackageName() + ".messages", Messages.class);
    }

    private Messages() {
    }
}
