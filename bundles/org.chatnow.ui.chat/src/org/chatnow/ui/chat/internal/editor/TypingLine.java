package org.chatnow.ui.chat.internal.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

/**
 * The line under a transcript that says who is typing: "bob is typing…", "bob and carol are typing…". A typist who
 * sends no refresh for {@link #EXPIRY_MILLIS} is dropped (a client that vanished never says it stopped), as is one
 * who stopped, went offline or sent the message. Lives on the UI thread.
 */
final class TypingLine {
    /** Typists refresh every 3 s while typing: twice that without news means they stopped. */
    static final long EXPIRY_MILLIS = 6_000;

    private final Label label;
    private final Display display;
    /** Typist → when their typing expires (System.nanoTime), in the order they started. */
    private final Map<String, Long> typists = new LinkedHashMap<>();
    private final Runnable expire = this::expire;
    private boolean timerPending;

    /** The line at the bottom of {@code parent} (a one-column grid), one line high even while empty. */
    TypingLine(Composite parent) {
        label = new Label(parent, SWT.NONE);
        label.setData(UiIds.WIDGET_ROLE, "typing");
        label.setFont(JFaceResources.getFontRegistry().getItalic(JFaceResources.DEFAULT_FONT));
        display = label.getDisplay();
        label.setForeground(display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        // one line high even while empty, so the transcript does not jump when someone starts typing
        GridDataFactory.fillDefaults().grab(true, false).indent(12, 1).hint(SWT.DEFAULT, label.computeSize(SWT.DEFAULT, SWT.DEFAULT).y + 2)
            .applyTo(label);
    }

    void typing(String user, boolean active) {
        if (active) {
            typists.put(user, System.nanoTime() + EXPIRY_MILLIS * 1_000_000);
        } else if (typists.remove(user) == null) {
            return;
        }
        show();
        scheduleExpiry();
    }

    /** {@code user} is no longer typing: the message arrived, or they went offline. */
    void stopped(String user) {
        if (typists.remove(user) != null) {
            show();
        }
    }

    void clear() {
        typists.clear();
        show();
    }

    String text() {
        return label.getText();
    }

    private void expire() {
        timerPending = false;
        if (label.isDisposed()) {
            return;
        }
        long now = System.nanoTime();
        if (typists.values().removeIf(until -> until - now <= 0)) {
            show();
        }
        scheduleExpiry();
    }

    private void scheduleExpiry() {
        if (timerPending || typists.isEmpty() || label.isDisposed()) {
            return;
        }
        long now = System.nanoTime();
        long next = typists.values().stream().mapToLong(until -> until - now).min().orElse(0);
        timerPending = true;
        display.timerExec((int) Math.max(50, next / 1_000_000 + 20), expire);
    }

    private void show() {
        if (label.isDisposed()) {
            return;
        }
        List<String> names = new ArrayList<>(typists.keySet());
        String text = switch (names.size()) {
            case 0 -> "";
            case 1 -> NLS.bind(Messages.ChatEditor_typingOne, names.get(0));
            case 2 -> NLS.bind(Messages.ChatEditor_typingTwo, names.get(0), names.get(1));
            default -> NLS.bind(Messages.ChatEditor_typingMany, new Object[] {names.get(0), names.get(1), names.size() - 2});
        };
        if (!text.equals(label.getText())) {
            label.setText(text);
            label.setToolTipText(text.isEmpty() ? null : text);
        }
    }

    void dispose() {
        if (!display.isDisposed()) {
            display.timerExec(-1, expire);
        }
    }
}
