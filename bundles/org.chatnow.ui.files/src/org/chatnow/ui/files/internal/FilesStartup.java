package org.chatnow.ui.files.internal;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

/**
 * Shows the Shared Files view once, the first time the workbench runs with this bundle: when the feature is
 * installed from the update site into a workbench whose layout was saved before, the perspective's own placement
 * of the view does not apply to the restored layout.
 */
public final class FilesStartup implements IStartup {
    static final String INTRODUCED = "viewIntroduced";

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.getDisplay().asyncExec(() -> {
            IPreferenceStore store = FilesPreferences.store();
            if (store.getBoolean(INTRODUCED) || workbench.isClosing()) {
                return;
            }
            IWorkbenchWindow window = workbench.getActiveWorkbenchWindow();
            IWorkbenchPage page = window == null ? null : window.getActivePage();
            if (page == null) {
                return;
            }
            try {
                page.showView("org.chatnow.ui.files.view", null, IWorkbenchPage.VIEW_VISIBLE);
                store.setValue(INTRODUCED, true);
            } catch (PartInitException e) {
                // the view stays available from Window > Show View
            }
        });
    }
}
