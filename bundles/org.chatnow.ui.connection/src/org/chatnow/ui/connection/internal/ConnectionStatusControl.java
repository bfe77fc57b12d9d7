package org.chatnow.ui.connection.internal;

import java.time.Duration;
import java.time.Instant;

import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionSecurity;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.menus.WorkbenchWindowControlContribution;

/**
 * The connection state in the window's status line: online as whom and where, connecting, offline or kicked; a
 * connection that is not encrypted says so, with a warning sign. The tooltip tells how the connection is protected.
 */
public final class ConnectionStatusControl extends WorkbenchWindowControlContribution {
    private static final int STATUS_CHARS = 54;
    private static final int SHORT_REASON_CHARS = 40;
    private CLabel label;
    private ListenerRegistration registration;
    private ConnectionSession session;

    @Override
    protected Control createControl(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        GridLayout layout = new GridLayout(1, false);
        layout.marginHeight = 0;
        layout.marginWidth = 4;
        box.setLayout(layout);
        label = new CLabel(box, SWT.NONE);
        label.setData(UiIds.WIDGET_ROLE, "connectionStatus");
        // the status line sizes its items once: reserve room for "Online as <name> @ <host:port>"
        GC gc = new GC(label);
        int width = (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth() * STATUS_CHARS);
        gc.dispose();
        GridDataFactory.fillDefaults().hint(width, SWT.DEFAULT).applyTo(label);
        session = ConnectionSession.of(PlatformUI.getWorkbench());
        ChatClient client = session.client();
        show(client, client.state(), null);
        registration = client.addListener(new ChatListener() {
            @Override
            public void stateChanged(ConnectionState state, String detail) {
                show(client, state, detail);
            }
        }, new UiExecutor(parent.getDisplay()));
        return box;
    }

    private void show(ChatClient client, ConnectionState state, String detail) {
        if (label == null || label.isDisposed()) {
            return;
        }
        ConnectionSecurity security = state == ConnectionState.ONLINE ? client.security() : null;
        boolean plaintext = security != null && !security.encrypted();
        String text = switch (state) {
            case ONLINE -> NLS.bind(plaintext ? Messages.Status_onlinePlaintext : Messages.Status_online, client.user(), client.server());
            case CONNECTING -> NLS.bind(Messages.Status_connecting, client.server());
            case RECONNECTING -> reconnectingText(client);
            case KICKED -> detail == null ? Messages.Status_kickedNoReason : NLS.bind(Messages.Status_kicked, detail);
            case OFFLINE -> session.isDisconnectedByUser() ? Messages.Status_disconnectedByYou
                : detail == null ? Messages.Status_offline : NLS.bind(Messages.Status_offlineBecause, shortReason(detail));
        };
        label.setText(text);
        label.setImage(plaintext ? PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJS_WARN_TSK) : null);
        String protection = security == null ? null
            : security.encrypted() ? NLS.bind(Messages.Status_encrypted, security.describe()) : Messages.Status_plaintext;
        String tooltip = detail == null ? text : text + "\n" + detail;
        if (state == ConnectionState.RECONNECTING) {
            tooltip += "\n" + Messages.Status_reconnectHint;
        }
        label.setToolTipText(protection == null ? tooltip : tooltip + "\n" + protection);
        if (state == ConnectionState.RECONNECTING) {
            scheduleCountdown(client);
        }
    }

    /** The first clause of a reason, short enough for the status line; the tooltip has all of it. */
    static String shortReason(String detail) {
        int end = detail.length();
        for (String stop : new String[] {"; ", " (", ": "}) {
            int at = detail.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        String reason = detail.substring(0, end);
        return reason.length() <= SHORT_REASON_CHARS ? reason : reason.substring(0, SHORT_REASON_CHARS - 1) + "\u2026";
    }

    private static String reconnectingText(ChatClient client) {
        Instant next = client.nextReconnect();
        long seconds = next == null ? 0 : Math.max(0, Duration.between(Instant.now(), next).toSeconds() + 1);
        return next == null || Instant.now().isAfter(next) ? NLS.bind(Messages.Status_reconnectingNow, client.server())
            : NLS.bind(Messages.Status_reconnecting, seconds);
    }

    /** Counts the seconds down to the next attempt while reconnecting. */
    private void scheduleCountdown(ChatClient client) {
        label.getDisplay().timerExec(1000, () -> {
            if (label.isDisposed() || client.state() != ConnectionState.RECONNECTING) {
                return;
            }
            String text = reconnectingText(client);
            label.setText(text);
            scheduleCountdown(client);
        });
    }

    @Override
    public void dispose() {
        if (registration != null) {
            registration.close();
        }
        super.dispose();
    }
}
