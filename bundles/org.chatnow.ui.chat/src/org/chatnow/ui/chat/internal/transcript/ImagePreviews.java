package org.chatnow.ui.chat.internal.transcript;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.chatnow.client.ChatClient;
import org.chatnow.client.FileTransfer;
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.chat.internal.Messages;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Display;

/**
 * Pictures behind the file links of one conversation (PNG, JPEG, GIF, BMP up to {@link #MAX_BYTES}), shown small in
 * its transcript. Each is fetched once in a background job into a cache folder (an attachment from this
 * conversation, a shared file from the shared folder), decoded off the UI thread, and kept until the conversation
 * closes. UI thread, but for the jobs.
 */
public final class ImagePreviews {
    /** Larger files are not fetched for a preview (a click still downloads them). */
    static final long MAX_BYTES = 10L << 20;
    private static final String[] EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp"};

    private final ChatClient client;
    private final String conversation;
    private final Display display;
    private final Path cache;
    private final Map<String, Image> loaded = new HashMap<>();
    /** Links being fetched, or that failed (not tried again while the conversation is open). */
    private final Map<String, Boolean> started = new HashMap<>();
    private Consumer<String> onLoaded = link -> {
    };
    private boolean disposed;

    /** Cached pictures not used for this long are removed (once per run, in the background). */
    static final long CACHE_DAYS = 30;
    private static final java.util.concurrent.atomic.AtomicBoolean PRUNED = new java.util.concurrent.atomic.AtomicBoolean();

    public ImagePreviews(ChatClient client, String conversation, Display display, Path cache) {
        this.client = client;
        this.conversation = conversation;
        this.display = display;
        this.cache = cache;
        if (PRUNED.compareAndSet(false, true)) {
            prune(cache);
        }
    }

    /** Deletes the cached pictures nobody has shown for {@link #CACHE_DAYS} days, so the cache does not grow for ever. */
    private static void prune(Path cache) {
        Job job = Job.create(Messages.ChatEditor_preview, (IProgressMonitor monitor) -> {
            long oldest = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(CACHE_DAYS);
            try (var files = Files.list(cache)) {
                files.filter(f -> {
                    try {
                        return Files.getLastModifiedTime(f).toMillis() < oldest;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }).forEach(f -> {
                    try {
                        Files.deleteIfExists(f);
                    } catch (java.io.IOException e) {
                        // in use or gone: next time
                    }
                });
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // no cache yet
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.setPriority(Job.DECORATE);
        job.schedule();
    }

    /** Called with a link once its picture is there. */
    void onLoaded(Consumer<String> listener) {
        onLoaded = listener;
    }

    /** Whether {@code link} (a chatnow-file link) names a picture. */
    static boolean isPicture(String link) {
        String name = FileLinks.name(link);
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    /** The picture of {@code link} if it is there, else null (nothing is fetched). */
    Image loaded(String link) {
        return loaded.get(link);
    }

    /** The picture of {@code link} if it is there; otherwise null, and it is fetched (once) if it names a picture. */
    Image image(String link) {
        Image image = loaded.get(link);
        if (image != null || disposed || !isPicture(link) || started.putIfAbsent(link, Boolean.TRUE) != null) {
            return image;
        }
        fetch(link);
        return null;
    }

    private void fetch(String link) {
        String name = FileLinks.name(link);
        String of = FileLinks.isAttachment(name) ? conversation : null;
        Path target = cache.resolve(hash((of == null ? "" : of) + "\u0000" + name));
        Job job = Job.create(Messages.ChatEditor_preview, (IProgressMonitor monitor) -> {
            try {
                if (Files.exists(target)) {
                    Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis())); // shown again: kept
                } else {
                    Files.createDirectories(cache);
                    FileTransfer[] transfer = new FileTransfer[1];
                    transfer[0] = of == null ? client.files().download(name, target, (done, total) -> tooLarge(transfer, total))
                        : client.files().downloadAttachment(of, name, target, (done, total) -> tooLarge(transfer, total));
                    transfer[0].result().get(5, TimeUnit.MINUTES);
                }
                ImageData data;
                try (InputStream in = Files.newInputStream(target)) {
                    data = new ImageLoader().load(in)[0];
                }
                new UiExecutor(display).execute(() -> {
                    if (!disposed) {
                        loaded.put(link, new Image(display, data));
                        onLoaded.accept(link);
                    }
                });
            } catch (Exception e) {
                // no preview: the link stays a link, and a click says what is wrong
            }
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.setPriority(Job.DECORATE);
        job.schedule();
    }

    private static void tooLarge(FileTransfer[] transfer, long total) {
        if (total > MAX_BYTES && transfer[0] != null) {
            transfer[0].cancel();
        }
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void dispose() {
        disposed = true;
        loaded.values().forEach(Image::dispose);
        loaded.clear();
    }

    /** The cache folder of the previews. */
    public static Path cacheFolder() {
        return Path.of(System.getProperty("user.home"), ".chatnow", "cache", "previews");
    }
}
