package org.chatnow.ui.chat.internal.preferences;

import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.preference.FieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.FontFieldEditor;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** ChatNow ▸ Chat: the conversation font, with a preview; open editors follow a change at once. */
public final class ChatPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    private FontFieldEditor fontEditor;
    private StyledText preview;
    private Font previewFont;

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
        Composite parent = getFieldEditorParent();
        fontEditor = new FontFieldEditor(ChatPreferences.FONT, Messages.ChatPreferencePage_font, parent);
        addField(fontEditor);
        Label label = new Label(parent, SWT.NONE);
        label.setText(Messages.ChatPreferencePage_preview);
        GridDataFactory.fillDefaults().span(3, 1).indent(0, 10).applyTo(label);
        preview = new StyledText(parent, SWT.BORDER | SWT.READ_ONLY | SWT.WRAP);
        preview.setText(Messages.ChatPreferencePage_sample);
        preview.setMargins(8, 6, 8, 6);
        preview.setCaret(null);
        preview.setStyleRange(new StyleRange(7, 4, preview.getDisplay().getSystemColor(SWT.COLOR_DARK_MAGENTA),
            null, SWT.BOLD));
        GridDataFactory.fillDefaults().span(3, 1).grab(true, false).hint(360, SWT.DEFAULT).applyTo(preview);
        preview.addListener(SWT.Dispose, e -> disposePreviewFont());
        showPreview(ChatPreferences.font(getPreferenceStore()));
    }

    @Override
    public void propertyChange(PropertyChangeEvent event) {
        super.propertyChange(event);
        if (event.getSource() == fontEditor && FieldEditor.VALUE.equals(event.getProperty())) {
            Object value = event.getNewValue();
            if (value instanceof FontData[] data && data.length > 0) {
                showPreview(data);
            } else if (value instanceof FontData data) {
                showPreview(new FontData[] {data});
            }
        }
    }

    @Override
    protected void performDefaults() {
        super.performDefaults();
        showPreview(PreferenceConverter.getDefaultFontDataArray(getPreferenceStore(), ChatPreferences.FONT));
    }

    private void showPreview(FontData[] data) {
        if (preview == null || preview.isDisposed()) {
            return;
        }
        Font old = previewFont;
        previewFont = new Font(preview.getDisplay(), data);
        preview.setFont(previewFont);
        if (old != null) {
            old.dispose();
        }
        preview.getParent().layout(true, true);
    }

    private void disposePreviewFont() {
        if (previewFont != null) {
            previewFont.dispose();
            previewFont = null;
        }
    }
}
