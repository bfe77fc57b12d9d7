package org.chatnow.ui.capture.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import org.chatnow.ui.SharedFileTransfers;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Taking a picture of the whole screen, and where it is kept. */
final class Screenshots {
    /** Preference node of the capture settings. */
    static final String PREFERENCE_NODE = "org.chatnow.ui.capture";
    /** Preference: the folder screenshots are saved in. */
    static final String FOLDER = "folder";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'Screenshot' yyyy-MM-dd 'at' HH.mm.ss'.png'");

    private Screenshots() {
    }

    /** The folder of the preferences; else Pictures/ChatNow in the user's home. Any thread. */
    static Path folder() {
        String folder = Platform.getPreferencesService().getString(PREFERENCE_NODE, FOLDER, null, null);
        return folder == null || folder.isBlank() ? Path.of(System.getProperty("user.home"), "Pictures", "ChatNow") : Path.of(folder);
    }

    /** The pixels of every monitor, as they are now. UI thread. */
    static ImageData capture(Display display) {
        Rectangle bounds = display.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /**
     * Saves {@code data} as a PNG named after {@code when} in the screenshot folder (a new name if taken), written
     * to a temporary file first so no half-written picture is ever seen. Any thread but the UI's: encoding takes a while.
     */
    static Path save(ImageData data, LocalDateTime when) throws IOException {
        Path folder = folder();
        Files.createDirectories(folder);
        Path target = SharedFileTransfers.freeName(folder, NAME.format(when));
        Path temp = Files.createTempFile(folder, ".screenshot", ".part");
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {data};
            try (OutputStream out = Files.newOutputStream(temp)) {
                loader.save(out, SWT.IMAGE_PNG);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
