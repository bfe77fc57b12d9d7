package org.chatnow.ui.chat.internal.editor;

import org.chatnow.client.Conversations;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** The tinted bar above a private conversation saying who is in it: a reminder that only the two of them read it. */
final class PrivateHeader {
    private final String conversation;
    private final Label label;

    PrivateHeader(Composite root, String conversation) {
        this.conversation = conversation;
        Composite bar = new Composite(root, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        GridLayoutFactory.fillDefaults().margins(10, 6).applyTo(bar);
        RGB base = root.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND).getRGB();
        Color tint = new Color(new RGB((base.red * 85 + 255 * 15) / 100, (base.green * 85 + 196 * 15) / 100,
            (base.blue * 85 + 0 * 15) / 100));
        bar.setBackground(tint);
        bar.addListener(SWT.Dispose, e -> tint.dispose());
        label = new Label(bar, SWT.WRAP);
        label.setData(UiIds.WIDGET_ROLE, "conversationHeader");
        label.setBackground(tint);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(label);
    }

    /** Names the other party as seen by {@code me} (both parties while the user is unknown). */
    void update(String me) {
        if (label.isDisposed()) {
            return;
        }
        String peer = me == null ? null : Conversations.peer(conversation, me);
        if (peer != null) {
            label.setText(NLS.bind(Messages.ChatEditor_privateHeader, peer));
        } else {
            String[] parties = conversation.substring("dm:".length()).split(":", 2);
            label.setText(NLS.bind(Messages.ChatEditor_privateHeaderUnknown, parties[0], parties.length > 1 ? parties[1] : "?"));
        }
        label.getParent().layout(true);
    }
}
