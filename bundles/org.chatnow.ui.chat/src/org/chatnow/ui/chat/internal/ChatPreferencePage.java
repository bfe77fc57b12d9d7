package org.chatnow.ui.chat.internal;

import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.FontFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** ChatNow ▸ Chat: the conversation font; open editors follow a change at once. */
public final class ChatPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public ChatPreferencePage() {
        super(GRID);
        setDescription(Messages.ChatPreferencePage_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(ChatPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new FontFieldEditor(ChatPreferences.FONT, Messages.ChatPreferencePage_font, "14:32  bob: Hello! https://example.org",
            getFieldEditorParent()));
    }
}
