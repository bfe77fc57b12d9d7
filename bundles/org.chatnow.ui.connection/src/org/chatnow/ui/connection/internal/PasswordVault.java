package org.chatnow.ui.connection.internal;

import java.io.IOException;
import java.util.function.Consumer;

import org.chatnow.ui.UiExecutor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.equinox.security.storage.EncodingUtils;
import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;

/**
 * Passwords the user asked to remember, encrypted in Equinox Secure Storage under this bundle's node, one node per
 * server, one key per user. Secure storage reads a file and may ask for its master password, so every call runs
 * in a job and reports back on the UI thread.
 */
final class PasswordVault {
    private static final String NODE = LoginPreferences.NODE;
    private final Display display;

    PasswordVault(Display display) {
        this.display = display;
    }

    /** Looks up the password of {@code user} at {@code server}; {@code found} gets it (or null) on the UI thread. */
    void load(String server, String user, Consumer<String> found) {
        run(Messages.Vault_jobLoad, () -> {
            String path = NODE + "/" + EncodingUtils.encodeSlashes(server);
            String password = root().nodeExists(path) ? root().node(path).get(user, null) : null;
            new UiExecutor(display).execute(() -> found.accept(password));
            return Status.OK_STATUS;
        }, Messages.Vault_loadFailed);
    }

    void save(String server, String user, String password) {
        run(Messages.Vault_jobSave, () -> {
            root().node(NODE).node(EncodingUtils.encodeSlashes(server)).put(user, password, true);
            root().flush();
            return Status.OK_STATUS;
        }, Messages.Vault_saveFailed);
    }

    void forget(String server, String user) {
        run(Messages.Vault_jobForget, () -> {
            ISecurePreferences root = root();
            String path = NODE + "/" + EncodingUtils.encodeSlashes(server);
            if (root.nodeExists(path)) {
                root.node(path).remove(user);
                root.flush();
            }
            return Status.OK_STATUS;
        }, Messages.Vault_saveFailed);
    }

    void forgetAll() {
        run(Messages.Vault_jobForget, () -> {
            ISecurePreferences root = root();
            if (root.nodeExists(NODE)) {
                root.node(NODE).removeNode();
                root.flush();
            }
            return Status.OK_STATUS;
        }, Messages.Vault_saveFailed);
    }

    private static ISecurePreferences root() throws IOException {
        ISecurePreferences root = SecurePreferencesFactory.getDefault();
        if (root == null) {
            throw new IOException("secure storage is not available");
        }
        return root;
    }

    private interface StorageWork {
        IStatus run() throws StorageException, IOException;
    }

    /**
     * Vault jobs run one at a time, in the order they were asked for: a look-up right after a save (log in with
     * "Remember password", log out, open the login dialog) must see the saved password.
     */
    private static final org.eclipse.core.runtime.jobs.ISchedulingRule ONE_AT_A_TIME = new org.eclipse.core.runtime.jobs.ISchedulingRule() {
        @Override
        public boolean contains(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(org.eclipse.core.runtime.jobs.ISchedulingRule rule) {
            return rule == this;
        }
    };

    private static void run(String name, StorageWork work, String failure) {
        Job job = Job.create(name, monitor -> {
            try {
                return work.run();
            } catch (StorageException | IOException | RuntimeException e) {
                return Status.error(NLS.bind(failure, e.getMessage()), e);
            }
        });
        job.setSystem(true);
        job.setRule(ONE_AT_A_TIME);
        job.schedule();
    }
}
