package org.chatnow.ui.notifications.internal;

import org.chatnow.ui.PreferenceStores;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** ChatNow ▸ Notifications: on or off, and whether only private messages and mentions count. */
public final class NotificationPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    private BooleanFieldEditor enabled;
    private BooleanFieldEditor onlyImportant;

    public NotificationPreferencePage() {
        super(GRID);
        setDescription(Messages.Preferences_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(PreferenceStores.of(NotificationPreferences.NODE));
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        enabled = new BooleanFieldEditor(NotificationPreferences.ENABLED, Messages.Preferences_enabled, parent);
        addField(enabled);
        onlyImportant = new BooleanFieldEditor(NotificationPreferences.ONLY_PRIVATE_AND_MENTIONS, Messages.Preferences_onlyImportant,
            parent);
        addField(onlyImportant);
        GridDataFactory.swtDefaults().span(2, 1).indent(20, 0).applyTo(onlyImportant.getDescriptionControl(parent));
        Label explanation = new Label(parent, SWT.WRAP);
        explanation.setText(Messages.Preferences_when);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(380, SWT.DEFAULT).indent(0, 10).applyTo(explanation);
    }

    @Override
    protected void initialize() {
        super.initialize();
        onlyImportant.setEnabled(enabled.getBooleanValue(), getFieldEditorParent());
    }

    @Override
    public void propertyChange(PropertyChangeEvent event) {
        super.propertyChange(event);
        if (event.getSource() == enabled && FieldEditor.VALUE.equals(event.getProperty())) {
            onlyImportant.setEnabled(enabled.getBooleanValue(), getFieldEditorParent());
        }
    }

    @Override
    protected void performDefaults() {
        super.performDefaults();
        onlyImportant.setEnabled(enabled.getBooleanValue(), getFieldEditorParent());
    }
}
