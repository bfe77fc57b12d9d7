package org.chatnow.ui.files.internal;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Where downloads from the shared folder go. */
public final class FilesPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public FilesPreferencePage() {
        super(GRID);
        setDescription(Messages.FilesPreferencePage_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(FilesPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new DirectoryFieldEditor(FilesPreferences.DOWNLOAD_FOLDER, Messages.FilesPreferencePage_folder, getFieldEditorParent()));
        addField(new BooleanFieldEditor(FilesPreferences.ASK_FOLDER, Messages.FilesPreferencePage_ask, getFieldEditorParent()));
    }
}
