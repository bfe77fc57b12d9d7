package org.chatnow.ui.chat.internal.preferences;

import org.chatnow.ui.PreferenceStores;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.preference.PreferenceConverter;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.graphics.FontData;

/** The chat bundle's preferences, kept in its own instance-scope node. */
public final class ChatPreferences {
    public static final String NODE = "org.chatnow.ui.chat";
    /** The transcript and input font, as JFace font data; absent means the workbench's dialog font. */
    public static final String FONT = "chatFont";

    private ChatPreferences() {
    }

    /** A store over the bundle's node, with the font's default set. Call on the UI thread. */
    public static IPreferenceStore store() {
        IPreferenceStore store = PreferenceStores.of(NODE);
        PreferenceConverter.setDefault(store, FONT, JFaceResources.getDialogFont().getFontData());
        return store;
    }

    /** The chat font the user chose, or the dialog font. Call on the UI thread. */
    public static FontData[] font(IPreferenceStore store) {
        FontData[] data = PreferenceConverter.getFontDataArray(store, FONT);
        return data == null || data.length == 0 ? JFaceResources.getDialogFont().getFontData() : data;
    }
}
