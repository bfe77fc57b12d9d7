package org.chatnow.app.internal;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The chat perspective: the editor area holds conversations; views (online users, emoji, files) place themselves
 * around it through perspective extensions of their own bundles.
 */
public final class ChatPerspective implements IPerspectiveFactory {

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(true);
        layout.setFixed(false);
    }
}
