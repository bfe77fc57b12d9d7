package org.chatnow.app.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.chatnow.ui.UiIds;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Widget;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/** Drives the real workbench from the test thread: every widget access runs on the UI thread. */
final class Workbench {
    static final long TIMEOUT_MS = 20_000;

    private Workbench() {
    }

    static Display display() {
        return PlatformUI.getWorkbench().getDisplay();
    }

    /** Runs {@code action} on the UI thread and returns its result. */
    static <T> T ui(Callable<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> error = new AtomicReference<>();
        display().syncExec(() -> {
            try {
                result.set(action.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        return result.get();
    }

    static void run(Runnable action) {
        ui(() -> {
            action.run();
            return null;
        });
    }

    /** Polls {@code value} on the UI thread until {@code condition} holds; fails with {@code what} after 20 s. */
    static <T> T waitFor(String what, Callable<T> value, Predicate<T> condition) throws InterruptedException {
        return waitFor(what, TIMEOUT_MS, value, condition);
    }

    /** Like {@link #waitFor(String, Callable, Predicate)} with a timeout of {@code timeoutMs}. */
    static <T> T waitFor(String what, long timeoutMs, Callable<T> value, Predicate<T> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        T last = null;
        while (System.currentTimeMillis() < deadline) {
            last = ui(value);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "; last seen: " + last);
        return last;
    }

    static IWorkbenchWindow window() throws InterruptedException {
        return waitFor("the workbench window", () -> {
            IWorkbenchWindow[] windows = PlatformUI.getWorkbench().getWorkbenchWindows();
            return windows.length == 0 || !windows[0].getShell().isVisible() ? null : windows[0];
        }, w -> w != null);
    }

    /** The first shell (open or not yet) whose role is {@code role}; call on the UI thread. */
    static Shell shell(String role) {
        for (Shell shell : display().getShells()) {
            if (!shell.isDisposed() && role.equals(shell.getData(UiIds.WIDGET_ROLE))) {
                return shell;
            }
        }
        return null;
    }

    /** Visible controls under {@code root} whose role is {@code role}; call on the UI thread. */
    @SuppressWarnings("unchecked")
    static <T extends Control> List<T> find(Control root, String role) {
        List<T> found = new ArrayList<>();
        collect(root, role, (List<Control>) found);
        return found;
    }

    private static void collect(Control control, String role, List<Control> found) {
        if (control.isDisposed()) {
            return;
        }
        if (role.equals(control.getData(UiIds.WIDGET_ROLE)) && control.isVisible()) {
            found.add(control);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, role, found);
            }
        }
    }

    static <T extends Control> T one(Control root, String role) {
        List<T> found = find(root, role);
        if (found.size() != 1) {
            throw new AssertionError("expected one '" + role + "' widget, found " + found.size());
        }
        return found.get(0);
    }

    /** A visible dialog (any shell but the workbench window's) showing a label with exactly {@code text}, or null. */
    static Shell dialogShowing(String text) {
        for (Shell shell : display().getShells()) {
            if (!shell.isDisposed() && shell.isVisible() && !hasLabel(shell, text).isEmpty()) {
                return shell;
            }
        }
        return null;
    }

    private static List<Label> hasLabel(Control control, String text) {
        List<Label> found = new ArrayList<>();
        if (control instanceof Label label && text.equals(label.getText())) {
            found.add(label);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                found.addAll(hasLabel(child, text));
            }
        }
        return found;
    }

    /** Texts of every label under {@code root}; call on the UI thread. */
    static List<String> labels(Control root) {
        List<String> texts = new ArrayList<>();
        if (root instanceof Label label) {
            texts.add(label.getText());
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                texts.addAll(labels(child));
            }
        }
        return texts;
    }

    /** Double-clicks the row of {@code table} whose text ends with {@code name}, as a user would. UI thread. */
    static void doubleClick(Table table, String name) {
        for (TableItem item : table.getItems()) {
            String text = item.getText();
            if (text.endsWith(" " + name) || text.contains(" " + name + " ")) {
                table.setSelection(item);
                Event select = new Event();
                select.item = item;
                table.notifyListeners(SWT.Selection, select);
                Event open = new Event();
                open.item = item;
                table.notifyListeners(SWT.DefaultSelection, open);
                return;
            }
        }
        throw new AssertionError("no row for " + name + " in the users view");
    }

    /** The rows of the users view's section {@code section} ("Rooms" or "People"), as shown. UI thread. */
    static List<String> section(Tree tree, String section) {
        for (TreeItem top : tree.getItems()) {
            if (top.getText().startsWith(section)) {
                List<String> rows = new ArrayList<>();
                for (TreeItem item : top.getItems()) {
                    rows.add(item.getText());
                }
                return rows;
            }
        }
        return List.of();
    }

    /** The row of {@code tree} (one level down) whose text is {@code name} or starts with it and a space. UI thread. */
    static TreeItem row(Tree tree, String name) {
        for (TreeItem top : tree.getItems()) {
            for (TreeItem item : top.getItems()) {
                String text = item.getText();
                if (text.equals(name) || text.startsWith(name + " ")) {
                    return item;
                }
            }
        }
        return null;
    }

    /** Selects the row of {@code tree} for {@code name}, as a click would. UI thread. */
    static TreeItem select(Tree tree, String name) {
        TreeItem item = row(tree, name);
        if (item == null) {
            throw new AssertionError("no row for " + name + " in the users view");
        }
        tree.setSelection(item);
        Event select = new Event();
        select.item = item;
        tree.notifyListeners(SWT.Selection, select);
        return item;
    }

    /** Double-clicks the row of {@code tree} for {@code name}, as a user would. UI thread. */
    static void doubleClick(Tree tree, String name) {
        TreeItem item = select(tree, name);
        Event open = new Event();
        open.item = item;
        tree.notifyListeners(SWT.DefaultSelection, open);
    }

    /** Clicks {@code control} with the left mouse button. UI thread. */
    static void mouseClick(Control control) {
        Event down = new Event();
        down.button = 1;
        control.notifyListeners(SWT.MouseDown, down);
        Event up = new Event();
        up.button = 1;
        control.notifyListeners(SWT.MouseUp, up);
    }

    /** The visible button under {@code root} that reads {@code text} (mnemonics ignored), or null; call on the UI thread. */
    static org.eclipse.swt.widgets.Button button(Control root, String text) {
        if (root.isDisposed() || !root.isVisible()) {
            return null;
        }
        if (root instanceof org.eclipse.swt.widgets.Button button && text.equals(button.getText().replace("&", ""))) {
            return button;
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                org.eclipse.swt.widgets.Button found = button(child, text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Presses a button as a click would. Call on the UI thread. */
    static void click(Widget button) {
        button.notifyListeners(SWT.Selection, new Event());
    }
}
