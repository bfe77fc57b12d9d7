package org.chatnow.ui.connection.internal;

import java.util.ArrayList;

import org.chatnow.client.ServerAddress;
import org.chatnow.ui.PreferenceStores;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.List;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/**
 * The "ChatNow" preference page: the default server of the login dialog, the server certificates trusted on first
 * use (each can be forgotten: the next connection shows its fingerprint again), and forgetting what it remembered.
 */
public final class ConnectionPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    private IWorkbench workbench;
    private Label rememberedLabel;

    public ConnectionPreferencePage() {
        super(GRID);
        setDescription(Messages.Preferences_description);
    }

    @Override
    public void init(IWorkbench wb) {
        this.workbench = wb;
        setPreferenceStore(PreferenceStores.of(LoginPreferences.NODE));
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        StringFieldEditor server = new StringFieldEditor(LoginPreferences.DEFAULT_SERVER, Messages.Preferences_defaultServer, parent) {
            @Override
            protected boolean doCheckState() {
                try {
                    ServerAddress.parse(getStringValue());
                    return true;
                } catch (IllegalArgumentException e) {
                    setErrorMessage(NLS.bind(Messages.Preferences_badServer, e.getMessage()));
                    return false;
                }
            }
        };
        server.setEmptyStringAllowed(false);
        server.getTextControl(parent).setMessage(PreferenceInitializer.DEFAULT_SERVER);
        addField(server);

        createCertificates(parent);

        rememberedLabel = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).indent(0, 12).hint(360, SWT.DEFAULT).applyTo(rememberedLabel);
        Button forget = new Button(parent, SWT.PUSH);
        forget.setText(Messages.Preferences_forget);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(forget);
        forget.addListener(SWT.Selection, e -> {
            new LoginPreferences().forgetLogins();
            ConnectionSession.of(workbench).pins().forgetAll();
            new PasswordVault(workbench.getDisplay()).forgetAll();
            rememberedLabel.setText(Messages.Preferences_forgotten);
            forget.setEnabled(false);
        });
        var recent = new LoginPreferences().recentServers();
        rememberedLabel.setText(recent.isEmpty() ? Messages.Preferences_rememberedNone
            : NLS.bind(Messages.Preferences_remembered, String.join(", ", recent)));
        forget.setEnabled(!recent.isEmpty());
    }

    /** The pinned certificates, one line each, with a button that forgets the selected ones. */
    private void createCertificates(Composite parent) {
        PinnedServers pins = ConnectionSession.of(workbench).pins();
        Label title = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().span(2, 1).indent(0, 12).applyTo(title);
        List list = new List(parent, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        list.setData(UiIds.WIDGET_ROLE, "pinnedCertificates");
        list.setFont(JFaceResources.getTextFont());
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(360, list.getItemHeight() * 4).applyTo(list);
        Button forget = new Button(parent, SWT.PUSH);
        forget.setText(Messages.Preferences_forgetCertificate);
        forget.setData(UiIds.WIDGET_ROLE, "forgetCertificate");
        GridDataFactory.swtDefaults().span(2, 1).applyTo(forget);
        java.util.List<ServerAddress> servers = new ArrayList<>();
        Runnable fill = () -> {
            servers.clear();
            list.removeAll();
            pins.all().forEach((server, fingerprint) -> {
                servers.add(server);
                list.add(server + "  " + fingerprint);
            });
            title.setText(servers.isEmpty() ? Messages.Preferences_certificatesNone : Messages.Preferences_certificates);
            forget.setEnabled(false);
        };
        fill.run();
        list.addListener(SWT.Selection, e -> forget.setEnabled(list.getSelectionCount() > 0));
        forget.addListener(SWT.Selection, e -> {
            for (int index : list.getSelectionIndices()) {
                pins.forget(servers.get(index));
            }
            fill.run();
        });
    }
}
