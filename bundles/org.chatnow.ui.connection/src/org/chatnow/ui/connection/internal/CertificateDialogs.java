package org.chatnow.ui.connection.internal;

import org.chatnow.client.UntrustedServerException;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.PreferencesUtil;

/**
 * What the user sees when a server's certificate is not one the system trusts: the first time, its fingerprint to
 * compare with the one the server's administrator gives (trust on first use); when it differs from the one trusted
 * before, a refusal with both fingerprints. The fingerprints are in selectable text, so they can be copied.
 */
final class CertificateDialogs {
    static final String CONNECTION_PREFERENCES = "org.chatnow.ui.connection.preferencePage";

    private CertificateDialogs() {
    }

    /** Asks whether to trust the certificate {@code untrusted} presented; true if the user trusts it. */
    static boolean confirmNew(Shell parent, UntrustedServerException untrusted) {
        return new NewCertificateDialog(parent, untrusted).open() == 0;
    }

    /** Says that the certificate changed, with both fingerprints; offers the preferences where the old one is forgotten. */
    static void showChanged(Shell parent, UntrustedServerException untrusted) {
        if (new ChangedCertificateDialog(parent, untrusted).open() == 1) {
            PreferencesUtil.createPreferenceDialogOn(parent, CONNECTION_PREFERENCES, null, null).open();
        }
    }

    /** Adds a read-only, selectable line "label  fingerprint" in a fixed-width font. */
    static Text fingerprintLine(Composite parent, String label, String fingerprint, String role) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.READ_ONLY | SWT.BORDER);
        text.setFont(JFaceResources.getTextFont());
        text.setText(fingerprint);
        text.setData(UiIds.WIDGET_ROLE, role);
        // wide enough for the whole fingerprint: people compare it pair by pair
        GC gc = new GC(text);
        int width = gc.textExtent(fingerprint).x + 16;
        gc.dispose();
        GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).applyTo(text);
        return text;
    }

    private static Composite fingerprintArea(Composite parent) {
        Composite area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(area);
        GridDataFactory.fillDefaults().grab(true, false).indent(0, 4).applyTo(area);
        return area;
    }

    /** The first connection to a server whose certificate nobody vouches for. */
    static final class NewCertificateDialog extends CertificateDialog {
        NewCertificateDialog(Shell parent, UntrustedServerException untrusted) {
            super(parent, Messages.Certificate_newTitle, NLS.bind(Messages.Certificate_newMessage, untrusted.server()), QUESTION, 1,
                new String[] {Messages.Certificate_trust, Messages.Certificate_cancel}, "newCertificateDialog", Messages.Certificate_newHint);
            line(Messages.Certificate_presented, untrusted.presented(), "presentedFingerprint");
        }
    }

    /** A server that presents another certificate than the one trusted before: refused. */
    static final class ChangedCertificateDialog extends CertificateDialog {
        ChangedCertificateDialog(Shell parent, UntrustedServerException untrusted) {
            super(parent, Messages.Certificate_changedTitle, NLS.bind(Messages.Certificate_changedMessage, untrusted.server()), ERROR, 0,
                new String[] {Messages.Certificate_close, Messages.Certificate_openPreferences}, "changedCertificateDialog",
                Messages.Certificate_changedHint);
            line(Messages.Certificate_trusted, untrusted.pinned(), "pinnedFingerprint");
            line(Messages.Certificate_presentedNow, untrusted.presented(), "presentedFingerprint");
        }
    }

    /** A message dialog with fingerprint lines (label, fingerprint, widget role) and a hint below them. */
    private abstract static class CertificateDialog extends MessageDialog {
        private final String role;
        private final String hint;
        private final java.util.List<String[]> lines = new java.util.ArrayList<>();

        CertificateDialog(Shell parent, String title, String message, int kind, int defaultButton, String[] buttons, String role,
            String hint) {
            super(parent, title, null, message, kind, defaultButton, buttons);
            this.role = role;
            this.hint = hint;
        }

        final void line(String label, String fingerprint, String lineRole) {
            lines.add(new String[] {label, fingerprint, lineRole});
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setData(UiIds.WIDGET_ROLE, role);
        }

        @Override
        protected Control createCustomArea(Composite parent) {
            Composite area = fingerprintArea(parent);
            for (String[] line : lines) {
                fingerprintLine(area, line[0], line[1], line[2]);
            }
            Label below = new Label(area, SWT.WRAP);
            below.setText(hint);
            GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(520, SWT.DEFAULT).indent(0, 6).applyTo(below);
            return area;
        }
    }
}
