package org.chatnow.ui.files.internal;

import java.nio.file.Path;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.eclipse.core.runtime.preferences.InstanceScope;

/** Preferences of the shared files view: where downloads go, and whether to ask each time. */
public final class FilesPreferences extends AbstractPreferenceInitializer {
    static final String BUNDLE = "org.chatnow.ui.files";
    static final String DOWNLOAD_FOLDER = "downloadFolder";
    static final String ASK_FOLDER = "askForFolder";

    static IPreferenceStore store() {
        return new ScopedPreferenceStore(InstanceScope.INSTANCE, BUNDLE);
    }

    static Path downloadFolder() {
        return Path.of(store().getString(DOWNLOAD_FOLDER));
    }

    @Override
    public void initializeDefaultPreferences() {
        IPreferenceStore store = store();
        Path downloads = Path.of(System.getProperty("user.home"), "Downloads");
        store.setDefault(DOWNLOAD_FOLDER, downloads.toString());
        store.setDefault(ASK_FOLDER, false);
    }
}
