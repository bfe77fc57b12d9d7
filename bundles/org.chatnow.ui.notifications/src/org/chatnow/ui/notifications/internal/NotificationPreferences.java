package org.chatnow.ui.notifications.internal;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;

/** The notification settings, in this bundle's preference node; also their defaults (on, for every message). */
public final class NotificationPreferences extends AbstractPreferenceInitializer {
    static final String NODE = "org.chatnow.ui.notifications";
    static final String ENABLED = "enabled";
    static final String ONLY_PRIVATE_AND_MENTIONS = "onlyPrivateAndMentions";

    @Override
    public void initializeDefaultPreferences() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(NODE);
        defaults.putBoolean(ENABLED, true);
        defaults.putBoolean(ONLY_PRIVATE_AND_MENTIONS, false);
    }

    static boolean enabled() {
        return get(ENABLED, true);
    }

    static boolean onlyPrivateAndMentions() {
        return get(ONLY_PRIVATE_AND_MENTIONS, false);
    }

    private static boolean get(String key, boolean fallback) {
        // the instance value, else the default
        return Platform.getPreferencesService().getBoolean(NODE, key, fallback, null);
    }
}
