package org.chatnow.ui.capture.internal;

import org.eclipse.osgi.util.NLS;

final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.chatnow.ui.capture.internal.messages";
    public static String Capture_title;
    public static String Capture_saving;
    public static String Capture_saved;
    public static String Capture_saveFailed;
    public static String Capture_send;
    public static String Capture_sendNowhere;
    public static String Capture_openFolder;
    public static String Capture_noConversation;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
