package org.chatnow.ui;

import java.util.function.Supplier;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.ui.IWorkbench;

/**
 * One object per workbench, kept in the workbench's context rather than in a static field: bundles that need a
 * workbench-wide helper (a message store, a connection watcher) get the same instance from every part and handler,
 * and it goes away with the workbench. Call on the UI thread.
 */
public final class WorkbenchScoped {

    private WorkbenchScoped() {
    }

    /** The instance of {@code type} in {@code workbench}'s context, made by {@code factory} on first use. */
    public static <T> T get(IWorkbench workbench, Class<T> type, Supplier<T> factory) {
        IEclipseContext context = workbench.getService(IEclipseContext.class);
        if (context == null) {
            throw new IllegalStateException("the workbench has no context");
        }
        T existing = context.get(type);
        if (existing != null) {
            return existing;
        }
        T created = factory.get();
        context.set(type, created);
        return created;
    }
}
