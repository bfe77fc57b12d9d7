package org.chatnow.ui.emoji.internal;

import org.eclipse.osgi.util.NLS;

final class Messages extends NLS {
    private static final String BUNDLE_NAME = "org.chatnow.ui.emoji.internal.messages";
    public static String EmojiView_filter;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
