package org.chatnow.ui.users.internal;

import org.chatnow.client.Presence;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

/**
 * Small presence marks drawn in code (no image files to ship or scale): a green dot for online, an amber dot with
 * a notch for away, a grey ring for offline. Colour is not the only cue: the shapes differ too.
 */
final class PresenceIcons {
    private static final int SIZE = 16;
    private final Image online;
    private final Image away;
    private final Image offline;

    PresenceIcons(Display display) {
        online = new Image(display, disc(new RGB(46, 158, 68), false, false));
        away = new Image(display, disc(new RGB(232, 163, 23), false, true));
        offline = new Image(display, disc(new RGB(150, 150, 150), true, false));
    }

    Image of(Presence presence) {
        return switch (presence) {
            case ONLINE -> online;
            case AWAY -> away;
            case OFFLINE -> offline;
        };
    }

    void dispose() {
        online.dispose();
        away.dispose();
        offline.dispose();
    }

    /** A disc (or a ring) of radius 5 with soft edges; {@code notch} cuts a crescent out of its upper right. */
    private static ImageData disc(RGB colour, boolean ring, boolean notch) {
        ImageData data = new ImageData(SIZE, SIZE, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        data.alphaData = new byte[SIZE * SIZE];
        double cx = 7.5;
        double cy = 8.5;
        double r = 5.0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double coverage = 0;
                // 4x4 samples per pixel for smooth edges
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        double px = x + (sx + 0.5) / 4;
                        double py = y + (sy + 0.5) / 4;
                        double d = Math.hypot(px - cx, py - cy);
                        boolean inside = d <= r && (!ring || d >= r - 1.6);
                        if (inside && notch && Math.hypot(px - (cx + 3.2), py - (cy - 3.2)) < 3.0) {
                            inside = false;
                        }
                        if (inside) {
                            coverage += 1.0 / 16;
                        }
                    }
                }
                data.setPixel(x, y, data.palette.getPixel(colour));
                data.alphaData[y * SIZE + x] = (byte) Math.round(coverage * 255);
            }
        }
        return data;
    }
}
