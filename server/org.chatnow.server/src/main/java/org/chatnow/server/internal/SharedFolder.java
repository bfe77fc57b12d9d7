package org.chatnow.server.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.chatnow.protocol.Frame;
import org.chatnow.protocol.files.IncomingFile;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.AttachmentRecord;
import org.chatnow.server.store.SharedFileRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared folder on disk: verified files under {@code <data>/files}, partial uploads under
 * {@code <data>/files/.incoming} until their size and SHA-256 match, then fsync and an atomic rename. The database
 * lists what is complete; nothing partial is ever listed or downloadable.
 */
public final class SharedFolder {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFolder.class);
    private static final Duration PARTIAL_LIFETIME = Duration.ofDays(7);

    private final Path directory;
    private final Path incoming;
    /** Files sent into conversations, stored by id (never under a name a user chose). */
    private final Path attachments;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final ChatStore store;
    private final long maxFileBytes;
    private final long quotaBytes;
    private final Set<String> activeUploads = ConcurrentHashMap.newKeySet();
    private final List<Consumer<Frame.FileEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object namesLock = new Object();
    public SharedFolder(Path dataDirectory, ChatStore store, long maxFileBytes, long quotaBytes) throws IOException {
        this.directory = dataDirectory.resolve("files");
        this.incoming = directory.resolve(".incoming");
        this.attachments = dataDirectory.resolve("attachments");
        this.store = store;
        this.maxFileBytes = maxFileBytes;
        this.quotaBytes = quotaBytes;
        Files.createDirectories(incoming);
        Files.createDirectories(attachments);
        sweep();
    }

    /** Removes files a crash left between the rename and the database, and partial uploads abandoned for a week. */
    private void sweep() throws IOException {
        Set<String> listed = ConcurrentHashMap.newKeySet();
        store.sharedFiles().forEach(f -> listed.add(f.name()));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.equals(".incoming") && !listed.contains(name)) {
                    LOG.warn("removing {} from the shared folder: its upload never completed", name);
                    Files.deleteIfExists(file);
                }
            }
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(PARTIAL_LIFETIME));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(incoming)) {
            for (Path part : parts) {
                if (Files.getLastModifiedTime(part).compareTo(cutoff) < 0) {
                    Files.deleteIfExists(part);
                }
            }
        }
    }

    public void addListener(Consumer<Frame.FileEvent> listener) {
        listeners.add(listener);
    }

    private void publish(String action, SharedFileRecord file) {
        Frame.FileEvent event = new Frame.FileEvent(action, toFrame(file));
        listeners.forEach(l -> l.accept(event));
    }

    public static Frame.SharedFile toFrame(SharedFileRecord f) {
        return new Frame.SharedFile(f.name(), f.size(), f.uploader(), f.uploadedAt(), f.sha256());
    }

    public List<SharedFileRecord> list() {
        return store.sharedFiles();
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** Why {@code uploader} may not upload {@code size} more bytes, or null. */
    public String quotaProblem(String uploader, long size) {
        if (size > maxFileBytes) {
            return "files larger than " + maxFileBytes + " bytes are not accepted";
        }
        long used = store.sharedBytes(uploader);
        if (used + size > quotaBytes) {
            return "this upload would take you to " + (used + size) + " bytes of your " + quotaBytes + "-byte quota";
        }
        return null;
    }

    /**
     * An upload in progress: who sends which file, received into an {@link IncomingFile} (appended by the connection's
     * thread, hashed and synced behind it).
     */
    public final class PartialUpload implements AutoCloseable {
        final String key;
        final String name;
        final String uploader;
        final long size;
        final String sha256;
        /** The conversation an attachment goes to; null for the shared folder. */
        final String conversation;
        final IncomingFile file;

        private PartialUpload(String key, String name, String uploader, long size, String sha256, String conversation, IncomingFile file) {
            this.key = key;
            this.conversation = conversation;
            this.name = name;
            this.uploader = uploader;
            this.size = size;
            this.sha256 = sha256;
            this.file = file;
        }

        public long received() {
            return file.received();
        }

        public boolean complete() {
            return file.complete();
        }

        /** Appends the remaining bytes of {@code data}; false if that is more than the announced size. One thread at a time. */
        public boolean append(java.nio.ByteBuffer data) throws IOException {
            return file.append(data);
        }

        /** Releases the partial file without deleting it (a later upload of the same file resumes from it). */
        @Override
        public void close() {
            file.close();
            activeUploads.remove(key);
        }

        void discard() {
            try {
                file.discard();
            } catch (IOException e) {
                LOG.warn("cannot delete {}", file.part(), e);
            } finally {
                activeUploads.remove(key);
            }
        }
    }

    /** Thrown when an upload cannot start or finish; {@code code} is the protocol's error code. */
    public static final class UploadRefused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String code;

        public UploadRefused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * Starts or resumes an upload: a partial file of the same uploader, name, size and hash continues where it
     * stopped (its bytes are hashed again, in the background, since the hash state is not kept across connections).
     */
    public PartialUpload begin(String uploader, String name, long size, String sha256, String conversation) throws IOException, UploadRefused {
        String key = hex(sha256Of((uploader + "\u0000" + name + "\u0000" + size + "\u0000" + sha256
            + (conversation == null ? "" : "\u0000" + conversation)).getBytes(StandardCharsets.UTF_8)));
        if (!activeUploads.add(key)) {
            throw new UploadRefused(org.chatnow.protocol.ErrorCodes.INVALID_REQUEST, "this upload is already running on another connection");
        }
        try {
            Path part = incoming.resolve(key + ".part");
            return new PartialUpload(key, name, uploader, size, sha256, conversation, IncomingFile.open(part, Long.MAX_VALUE, size));
        } catch (IOException | RuntimeException e) {
            activeUploads.remove(key);
            throw e;
        }
    }

    /**
     * Completes a fully received upload: checks the hash, syncs the data to disk, renames the file into the folder
     * (with a " (2)" style suffix if the name is taken) and records it. On a hash mismatch the partial file is deleted.
     */
    public SharedFileRecord finish(PartialUpload upload) throws IOException, UploadRefused {
        try {
            verify(upload);
            SharedFileRecord record;
            synchronized (namesLock) {
                String finalName = uniqueName(upload.name);
                Path target = directory.resolve(finalName);
                if (!target.getParent().equals(directory)) {
                    throw new UploadRefused(org.chatnow.protocol.ErrorCodes.INVALID_FILE_NAME, "not a name in the shared folder");
                }
                Files.move(upload.file.part(), target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
                record = new SharedFileRecord(finalName, upload.size, upload.sha256, upload.uploader, System.currentTimeMillis());
                if (!store.insertSharedFile(record)) {
                    Files.deleteIfExists(target);
                    throw new IOException("the name " + finalName + " was taken while the upload finished");
                }
            }
            LOG.info("{} uploaded {} ({} bytes)", record.uploader(), record.name(), record.size());
            publish(Frame.FileEvent.ADDED, record);
            return record;
        } finally {
            upload.close();
        }
    }

    /** Syncs a fully received upload and checks its hash; on a mismatch the partial file is deleted. */
    private static void verify(PartialUpload upload) throws IOException, UploadRefused {
        upload.file.force();
        String actual = upload.file.finishHash();
        if (!actual.equals(upload.sha256)) {
            upload.discard();
            throw new UploadRefused(org.chatnow.protocol.ErrorCodes.CHECKSUM_MISMATCH,
                "the received bytes hash to " + actual + ", not " + upload.sha256 + "; upload the file again");
        }
        upload.file.close();
    }

    /**
     * Completes a fully received attachment: checks the hash, syncs, moves the file to the attachments under a new
     * random id and records it for its conversation. Nobody is told but the uploader (who posts a link to it).
     */
    public AttachmentRecord finishAttachment(PartialUpload upload) throws IOException, UploadRefused {
        try {
            verify(upload);
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            String id = hex(random);
            Files.move(upload.file.part(), attachments.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(attachments);
            AttachmentRecord record = new AttachmentRecord(id, upload.conversation, upload.name, upload.size, upload.sha256,
                upload.uploader, System.currentTimeMillis());
            store.insertAttachment(record);
            LOG.info("{} sent {} ({} bytes) into {}", record.uploader(), record.name(), record.size(), record.conversation());
            return record;
        } finally {
            upload.close();
        }
    }

    /** Where an attachment's bytes are. */
    public Path path(AttachmentRecord attachment) {
        return attachments.resolve(attachment.id());
    }

    /** An attachment as the protocol shows it: named "{id}/{name}". */
    public static Frame.SharedFile toFrame(AttachmentRecord a) {
        return new Frame.SharedFile(a.id() + "/" + a.name(), a.size(), a.uploader(), a.uploadedAt(), a.sha256());
    }

    private String uniqueName(String name) {
        Set<String> taken = ConcurrentHashMap.newKeySet();
        store.sharedFiles().forEach(f -> taken.add(f.name().toLowerCase(Locale.ROOT)));
        if (!taken.contains(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; ; n++) {
            String candidate = base + " (" + n + ")" + extension;
            if (!taken.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
    }

    private void syncDirectory() {
        syncDirectory(directory);
    }

    private static void syncDirectory(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory; the rename itself is atomic
        }
    }

    /** The verified file {@code name}, opened for reading, with its record; null if there is none. */
    public SharedFileRecord find(String name) {
        return store.findSharedFile(name).orElse(null);
    }

    public Path path(SharedFileRecord file) {
        return directory.resolve(file.name());
    }

    /** Deletes {@code name} if {@code user} uploaded it or is an admin; returns false if that is not allowed. */
    public boolean delete(SharedFileRecord file, String user, boolean admin) throws IOException {
        if (!admin && !file.uploader().equals(user)) {
            return false;
        }
        synchronized (namesLock) {
            store.deleteSharedFile(file.name());
            Files.deleteIfExists(directory.resolve(file.name()));
        }
        LOG.info("{} deleted {}", user, file.name());
        publish(Frame.FileEvent.DELETED, file);
        return true;
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256Of(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
