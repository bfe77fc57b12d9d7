package org.chatnow.ui.connection.internal;

import org.chatnow.client.ServerAddress;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;

/** Defaults of the connection preferences. */
public final class PreferenceInitializer extends AbstractPreferenceInitializer {
    static final String DEFAULT_SERVER = ServerAddress.DEFAULT.toString();

    @Override
    public void initializeDefaultPreferences() {
        DefaultScope.INSTANCE.getNode(LoginPreferences.NODE).put(LoginPreferences.DEFAULT_SERVER, DEFAULT_SERVER);
    }
}
