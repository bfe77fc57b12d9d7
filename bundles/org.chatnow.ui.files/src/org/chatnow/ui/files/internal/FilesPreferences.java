package org.chatnow.ui.files.internal;

import org.chatnow.ui.SharedFileTransfers;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * Preferences of the shared files view: where downloads go (shared with file links in conversations, see
 * {@link SharedFileTransfers}), and whether to ask each time.
 */
public final class FilesPreferences extends AbstractPreferenceInitializer {
    static final String DOWNLOAD_FOLDER = SharedFileTransfers.DOWNLOAD_FOLDER;
    static final String ASK_FOLDER = "askForFolder";

    static IPreferenceStore store() {
        return new ScopedPreferenceStore(InstanceScope.INSTANCE, SharedFileTransfers.PREFERENCE_NODE);
    }

    static boolean askForFolder() {
        return store().getBoolean(ASK_FOLDER);
    }

    @Override
    public void initializeDefaultPreferences() {
        IPreferenceStore store = store();
        store.setDefault(DOWNLOAD_FOLDER, SharedFileTransfers.defaultDownloadFolder().toString());
        store.setDefault(ASK_FOLDER, false);
    }
}
