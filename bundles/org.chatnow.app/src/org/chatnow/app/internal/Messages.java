package org.chatnow.app.internal;

import org.eclipse.osgi.util.NLS;

/** The application's strings (messages.properties). */
final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.chatnow.app.internal.messages";

    public static String Workspace_inUseTitle;
    public static String Workspace_inUse;
    public static String Workspace_inUseGiven;
    public static String Workspace_useAnother;
    public static String Workspace_quit;
    public static String Workspace_allInUse;
    public static String Workspace_refused;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
