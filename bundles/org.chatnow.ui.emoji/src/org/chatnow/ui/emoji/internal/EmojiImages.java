package org.chatnow.ui.emoji.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.ui.InlineImages;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

/**
 * The emoji pictures (Twemoji, 64 pixels), offered as the {@link InlineImages} service: found in text by
 * {@link EmojiCatalog}, scaled to the size asked for with area averaging (smooth at any size) and kept until the
 * component is deactivated.
 */
public final class EmojiImages implements InlineImages {
    private final EmojiCatalog catalog = EmojiCatalog.load();
    /** Scaled pictures by key and size; UI thread only. */
    private final Map<String, Image> cache = new HashMap<>();
    /** The decoded pictures, read from the bundle by a thread of their own so the UI thread does not wait for it. */
    private final Map<String, ImageData> sources = new java.util.concurrent.ConcurrentHashMap<>();

    public EmojiImages() {
        Thread reader = new Thread(() -> catalog.all().forEach(e -> source(e.key())), "chatnow-emoji-pictures");
        reader.setDaemon(true);
        reader.setPriority(Thread.MIN_PRIORITY);
        reader.start();
    }

    /** The picture {@code key} as decoded from the bundle (once), or null. */
    private ImageData source(String key) {
        return sources.computeIfAbsent(key, EmojiImages::load);
    }

    EmojiCatalog catalog() {
        return catalog;
    }

    @Override
    public List<Match> find(String text) {
        return catalog.find(text);
    }

    @Override
    public String describe(String key) {
        EmojiCatalog.Emoji emoji = catalog.byKey(key);
        return emoji == null ? null : emoji.name();
    }

    @Override
    public Image image(String key, int size) {
        if (catalog.byKey(key) == null || size <= 0) {
            return null;
        }
        String cacheKey = key + "@" + size;
        Image image = cache.get(cacheKey);
        if (image == null || image.isDisposed()) {
            ImageData source = source(key);
            if (source == null) {
                return null;
            }
            image = new Image(Display.getCurrent(), scaled(source, size));
            cache.put(cacheKey, image);
        }
        return image;
    }

    private static ImageData load(String key) {
        try (InputStream in = EmojiImages.class.getResourceAsStream("/emoji/" + key + ".png")) {
            return in == null ? null : new ImageLoader().load(in)[0];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code source} scaled to {@code size} square, each target pixel the alpha-weighted average of the area it covers. */
    static ImageData scaled(ImageData source, int size) {
        ImageData target = new ImageData(size, size, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        byte[] alpha = new byte[size * size];
        double sx = (double) source.width / size;
        double sy = (double) source.height / size;
        for (int y = 0; y < size; y++) {
            int y0 = (int) Math.floor(y * sy);
            int y1 = Math.max(y0 + 1, (int) Math.ceil((y + 1) * sy));
            for (int x = 0; x < size; x++) {
                int x0 = (int) Math.floor(x * sx);
                int x1 = Math.max(x0 + 1, (int) Math.ceil((x + 1) * sx));
                double r = 0;
                double g = 0;
                double b = 0;
                double a = 0;
                int n = 0;
                for (int v = y0; v < Math.min(y1, source.height); v++) {
                    for (int u = x0; u < Math.min(x1, source.width); u++) {
                        RGB rgb = source.palette.getRGB(source.getPixel(u, v));
                        int pa = source.alphaData != null ? source.getAlpha(u, v) : 255;
                        r += rgb.red * pa;
                        g += rgb.green * pa;
                        b += rgb.blue * pa;
                        a += pa;
                        n++;
                    }
                }
                int pixelAlpha = n == 0 ? 0 : (int) Math.round(a / n);
                RGB average = a == 0 ? new RGB(0, 0, 0) : new RGB((int) Math.round(r / a), (int) Math.round(g / a), (int) Math.round(b / a));
                target.setPixel(x, y, target.palette.getPixel(average));
                alpha[y * size + x] = (byte) pixelAlpha;
            }
        }
        target.alphaData = alpha;
        return target;
    }

    /** Releases the pictures (called by declarative services when the component goes). */
    void deactivate() {
        Display display = Display.getDefault();
        Runnable dispose = () -> {
            cache.values().forEach(Image::dispose);
            cache.clear();
        };
        if (display.isDisposed()) {
            return;
        }
        if (Display.getCurrent() == display) {
            dispose.run();
        } else {
            display.asyncExec(dispose);
        }
    }
}
