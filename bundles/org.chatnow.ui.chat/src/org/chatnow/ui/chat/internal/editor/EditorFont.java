package org.chatnow.ui.chat.internal.editor;

import org.chatnow.ui.chat.internal.preferences.ChatPreferences;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.chat.internal.transcript.Transcript;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.widgets.Display;

/** The chat font of one editor's transcript and input, following the preference as it changes. */
final class EditorFont {
    private final Transcript transcript;
    private final StyledText input;
    private final InlinePictures pictures;
    private final Display display;
    private final IPreferenceStore preferences = ChatPreferences.store();
    private final IEclipsePreferences.IPreferenceChangeListener fontListener;
    private Font font;

    EditorFont(Transcript transcript, StyledText input, InlinePictures pictures) {
        this.transcript = transcript;
        this.input = input;
        this.pictures = pictures;
        this.display = input.getDisplay();
        apply();
        // the widgets go before or after the editor's dispose(): free the font only when nothing can paint with it
        transcript.control().addListener(SWT.Dispose, e -> {
            if (font != null) {
                font.dispose();
            }
        });
        fontListener = event -> {
            if (ChatPreferences.FONT.equals(event.getKey()) && !display.isDisposed()) {
                if (display.getThread() == Thread.currentThread()) {
                    apply();
                } else {
                    display.asyncExec(this::apply);
                }
            }
        };
        InstanceScope.INSTANCE.getNode(ChatPreferences.NODE).addPreferenceChangeListener(fontListener);
    }

    private void apply() {
        if (transcript.isDisposed()) {
            return;
        }
        Font old = font;
        font = new Font(display, ChatPreferences.font(preferences));
        transcript.setFont(font);
        input.setFont(font);
        pictures.restyle(input);
        input.getParent().layout(true);
        if (old != null) {
            old.dispose();
        }
    }

    void dispose() {
        InstanceScope.INSTANCE.getNode(ChatPreferences.NODE).removePreferenceChangeListener(fontListener);
    }
}
