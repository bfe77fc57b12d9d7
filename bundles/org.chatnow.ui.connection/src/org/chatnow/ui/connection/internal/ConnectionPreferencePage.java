package org.chatnow.ui.connection.internal;

import org.chatnow.client.ServerAddress;
import org.chatnow.ui.PreferenceStores;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** The "ChatNow" preference page: the default server of the login dialog, and forgetting what it remembered. */
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

        rememberedLabel = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).indent(0, 12).hint(360, SWT.DEFAULT).applyTo(rememberedLabel);
        Button forget = new Button(parent, SWT.PUSH);
        forget.setText(Messages.Preferences_forget);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(forget);
        forget.addListener(SWT.Selection, e -> {
            new LoginPreferences().forgetLogins();
            new PasswordVault(workbench.getDisplay()).forgetAll();
            rememberedLabel.setText(Messages.Preferences_forgotten);
            forget.setEnabled(false);
        });
        var recent = new LoginPreferences().recentServers();
        rememberedLabel.setText(recent.isEmpty() ? Messages.Preferences_rememberedNone
            : NLS.bind(Messages.Preferences_remembered, String.join(", ", recent)));
        forget.setEnabled(!recent.isEmpty());
    }
}
