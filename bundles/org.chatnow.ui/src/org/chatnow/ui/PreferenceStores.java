package org.chatnow.ui;

import org.chatnow.ui.internal.Messages;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Preference stores over a bundle's instance-scope node that write to disk in a background job, so pressing OK in
 * Preferences, or remembering a server after login, never waits for the disk on the UI thread.
 */
public final class PreferenceStores {

    private PreferenceStores() {
    }

    /** A store over the instance node {@code qualifier} (a bundle's name). */
    public static IPreferenceStore of(String qualifier) {
        return new BackgroundSavingStore(qualifier);
    }

    /** Writes the instance node {@code qualifier} to disk in a background job. */
    public static void saveLater(String qualifier) {
        Job job = Job.create(NLS.bind(Messages.Preferences_saving, qualifier), monitor -> {
            IEclipsePreferences node = InstanceScope.INSTANCE.getNode(qualifier);
            try {
                node.flush();
                return Status.OK_STATUS;
            } catch (BackingStoreException e) {
                return Status.error(NLS.bind(Messages.Preferences_savingFailed, qualifier, e.getMessage()), e);
            }
        });
        job.setSystem(true);
        job.schedule();
    }

    private static final class BackgroundSavingStore extends ScopedPreferenceStore {
        private final String qualifier;

        BackgroundSavingStore(String qualifier) {
            super(InstanceScope.INSTANCE, qualifier);
            this.qualifier = qualifier;
        }

        @Override
        public void save() {
            saveLater(qualifier);
        }
    }
}
