package org.chatnow.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.TransferListener;
import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.testkit.wire.RawConnection;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Uploads and downloads through the shared folder against loopback copies of the same bytes, in one run. */
@Command(name = "files", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One file of --size bytes up and down through the shared folder, and in the same run the baselines: a raw "
        + "loopback TCP copy of the same bytes (for downloads) and a loopback TCP copy written to disk with fsync (for "
        + "uploads). 'wire' transfers speak the file protocol directly (the client neither hashes nor writes: the server's "
        + "speed); 'api' ones go through ChatClient.files() (what a user waits for: the client hashes the file before an "
        + "upload, and writes, hashes and fsyncs a download). MiB/s, and the server process's peak heap and RSS."})
final class FilesBench extends Scenario {
    @Option(names = "--size", description = "file size, e.g. 1g, 64m, 512k (default ${DEFAULT-VALUE})")
    String size = "1g";

    @Option(names = "--dir", description = "where the test files go (default: a temporary directory)")
    Path dir;

    @Option(names = "--skip-api", description = "leave out the transfers through the client library")
    boolean skipApi;

    @Option(names = "--warmup", description = "before the measured transfers, upload and download a file of this size over "
        + "the wire (not measured, then deleted), so the server's JIT has compiled the transfer paths; at most --size, 0 "
        + "for none (default ${DEFAULT-VALUE})")
    String warmup = "256m";

    @Override
    String name() {
        return "files";
    }

    @Override
    boolean processByDefault() {
        return true;
    }

    static long parseSize(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (t.endsWith("g")) {
            unit = 1L << 30;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("k")) {
            unit = 1L << 10;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        return (long) (Double.parseDouble(t) * unit);
    }

    @Override
    void run(Result result) throws Exception {
        long bytes = parseSize(size);
        Target.Settings settings = new Target.Settings();
        settings.files = true;
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("chatnow-bench-files-");
        try (Target target = startTarget(settings)) {
            describeTarget(result, target);
            Path source = work.resolve("source.bin");
            progress("files: writing a %,d-byte file of random bytes", bytes);
            String sha256 = generate(source, bytes);
            Result.Table table = result.table("file transfers", List.of("case"), "case", "bytes", "seconds", "mib_per_s",
                "pct_of_baseline", "server_heap_peak_sampled_mib", "server_heap_pools_peak_mib", "server_rss_peak_mib", "server_cpu_s", "client_cpu_s");
            // baselines
            progress("files: baseline loopback copy (download baseline)");
            double copy = loopbackCopy(source, bytes);
            table.row("baseline: loopback TCP copy", bytes, copy, mib(bytes, copy), 100.0, null, null, null, null, null);
            progress("files: baseline loopback copy to disk with fsync (upload baseline)");
            Path copied = work.resolve("copied.bin");
            double toDisk = loopbackCopyToDisk(source, copied, bytes);
            Files.deleteIfExists(copied);
            table.row("baseline: loopback TCP copy to disk + fsync", bytes, toDisk, mib(bytes, toDisk), 100.0, null, null, null, null, null);

            double tlsCopy = Double.NaN;
            if (target.tls != null) {
                progress("files: baseline loopback TLS copy (JDK SSLSocket both ends)");
                tlsCopy = tlsLoopbackCopy(source, bytes);
                table.row("baseline: loopback TLS copy (JDK SSLSocket both ends)", bytes, tlsCopy, mib(bytes, tlsCopy), 100.0 * copy / tlsCopy,
                    null, null, null, null, null);
                result.metric("tls_copy_mib_per_s", mib(bytes, tlsCopy));
            }

            int filePort = target.filePort;
            RawUser user;
            try (RawNet net = target.net(1)) {
                user = new RawUser("files" + Long.toString(System.currentTimeMillis() % 1_000_000, 36), "pw-files", net.nextLoop());
                user.login(target.address(), false).get(60, TimeUnit.SECONDS);
                if (filePort <= 0) {
                    filePort = welcomeFilePort(target);
                }
                long warmupBytes = Math.min(parseSize(warmup), bytes);
                if (warmupBytes > 0) {
                    progress("files: warm-up, %,d bytes up and down (not measured)", warmupBytes);
                    Path warm = work.resolve("warmup.bin");
                    String warmSha = generate(warm, warmupBytes);
                    String warmName = "warmup-" + user.name + ".bin";
                    Sampler sampler = new Sampler(target); // the measurement's own code paths get compiled too
                    wireUpload(target.tls, target.host, filePort, user, warm, warmName, warmupBytes, warmSha);
                    wireDownload(target.tls, target.host, filePort, user, warmName, warmupBytes);
                    sampler.stop();
                    wireDelete(target.tls, target.host, filePort, user, warmName);
                    Files.deleteIfExists(warm);
                }
                Profiler profiler = Profiler.start(target, common.profile);
                String name = user.name + ".bin";
                progress("files: wire upload");
                Sampler up = new Sampler(target);
                double upload = wireUpload(target.tls, target.host, filePort, user, source, name, bytes, sha256);
                up.stop();
                row(table, "wire upload", bytes, upload, 100.0 * toDisk / upload, up, target, lastClientCpu);
                progress("files: wire download");
                Sampler down = new Sampler(target);
                double download = wireDownload(target.tls, target.host, filePort, user, name, bytes);
                down.stop();
                row(table, "wire download", bytes, download, 100.0 * copy / download, down, target, lastClientCpu);
                result.metric("wire_upload_mib_per_s", mib(bytes, upload));
                result.metric("wire_download_mib_per_s", mib(bytes, download));
                result.metric("wire_upload_server_cpu_s", up.cpu);
                result.metric("wire_download_server_cpu_s", down.cpu);
                if (!Double.isNaN(tlsCopy)) {
                    result.metric("download_pct_of_tls_copy", 100.0 * tlsCopy / download);
                }
                result.metric("upload_pct_of_disk_copy", 100.0 * toDisk / upload);
                result.metric("download_pct_of_loopback_copy", 100.0 * copy / download);
                result.metric("target_pct", 70);
                if (!skipApi) {
                    try (ChatClient client = target.configure(ChatClients.create())) {
                        client.connect(target.serverAddress(), user.name, "pw-files").get(60, TimeUnit.SECONDS);
                        String apiName = "api-" + name;
                        Sampler s = new Sampler(target);
                        long t0 = System.nanoTime();
                        client.files().upload(source, apiName, TransferListener.NONE).result().get(1, TimeUnit.HOURS);
                        double apiUp = (System.nanoTime() - t0) / 1e9;
                        s.stop();
                        row(table, "api upload (client hashes first)", bytes, apiUp, 100.0 * toDisk / apiUp, s, target, null);
                        result.metric("api_upload_mib_per_s", mib(bytes, apiUp));
                        Path target2 = work.resolve("downloaded.bin");
                        s = new Sampler(target);
                        t0 = System.nanoTime();
                        client.files().download(apiName, target2, TransferListener.NONE).result().get(1, TimeUnit.HOURS);
                        double apiDown = (System.nanoTime() - t0) / 1e9;
                        s.stop();
                        row(table, "api download (client writes, hashes, fsyncs)", bytes, apiDown, 100.0 * copy / apiDown, s, target, null);
                        result.metric("api_download_mib_per_s", mib(bytes, apiDown));
                        Files.deleteIfExists(target2);
                        client.files().delete(apiName).get(60, TimeUnit.SECONDS);
                    }
                }
                if (profiler != null) {
                    profiler.stopAndSummarize(result, "file transfers");
                }
                user.drop();
            }
            result.note("pct_of_baseline: the baseline's time over the transfer's (100 = as fast as the baseline); uploads "
                + "compare with the copy to disk + fsync, downloads with the plain loopback copy. Baselines: one Java thread "
                + "each side, 128 KiB buffers, the file in the page cache.");
            result.note("client_cpu_s: CPU seconds of the generator's thread during a wire transfer. It does the baseline's "
                + "work (one direct buffer, a file read and a socket write per 128 KiB up; socket reads into a 1 MiB direct "
                + "buffer down), so while it stays well below the transfer's seconds the generator is not the limit.");
            result.note("server heap: sampled every 100 ms through JMX, and the sum of the heap pools' peaks (an upper bound); "
                + "server RSS sampled from /proc. A server in this JVM (--in-process) shares its heap with the generator.");
        } finally {
            if (dir == null) {
                Target.deleteTree(work);
            }
        }
    }

    private static void row(Result.Table table, String label, long bytes, double seconds, double pct, Sampler s, Target target,
        Double clientCpu) {
        table.row(label, bytes, seconds, mib(bytes, seconds), pct, s.maxHeap / 1048576.0, s.poolsPeak / 1048576.0,
            s.maxRss < 0 ? null : s.maxRss / 1048576.0, s.cpu, clientCpu);
    }

    static double mib(long bytes, double seconds) {
        return bytes / 1048576.0 / seconds;
    }

    /** Watches the server's heap and RSS while a transfer runs. */
    static final class Sampler {
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        volatile long maxHeap;
        volatile long maxRss = -1;
        long poolsPeak;
        double cpu;
        private final Target target;
        private final double cpu0;

        Sampler(Target target) throws IOException {
            this.target = target;
            ServerJvm jvm = target.jvm();
            if (jvm != null) {
                jvm.resetPeaks();
            }
            cpu0 = target.cpuSeconds();
            thread = new Thread(() -> {
                while (running.get()) {
                    if (jvm != null) {
                        maxHeap = Math.max(maxHeap, jvm.heapUsed());
                    }
                    if (target.pid > 0) {
                        maxRss = Math.max(maxRss, Proc.status(target.pid, "VmRSS"));
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws IOException, InterruptedException {
            running.set(false);
            thread.join();
            ServerJvm jvm = target.jvm();
            if (jvm != null) {
                poolsPeak = jvm.peakHeapPoolsSum();
            }
            cpu = target.cpuSeconds() - cpu0;
        }
    }

    /** Writes {@code bytes} pseudo-random bytes (incompressible) and returns their SHA-256. */
    static String generate(Path file, long bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(42);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = bytes;
            while (left > 0) {
                buffer.clear();
                int n = (int) Math.min(buffer.capacity(), left);
                for (int i = 0; i + 8 <= n; i += 8) {
                    buffer.putLong(i, random.nextLong());
                }
                for (int i = n - n % 8; i < n; i++) {
                    buffer.put(i, (byte) random.nextInt());
                }
                buffer.limit(n);
                digest.update(buffer.array(), 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                left -= n;
            }
            // on disk before anything is measured: its writeback would otherwise land in the next fsync (ext4 commits
            // other files' data with a file's fsync), slowing whichever case comes first
            out.force(true);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A trivial server thread sends the file over loopback; the client reads and drops it. Seconds from connect to last byte. */
    static double loopbackCopy(Path source, long bytes) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            AtomicLong failed = new AtomicLong();
            Thread sender = new Thread(() -> {
                try (SocketChannel s = listener.accept(); FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(DataChunk.SIZE);
                    while (in.read(buffer) > 0 || buffer.position() > 0) {
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            s.write(buffer);
                        }
                        buffer.clear();
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }, "bench-copy");
            sender.start();
            long t0 = System.nanoTime();
            try (SocketChannel c = SocketChannel.open(listener.getLocalAddress())) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(DataChunk.SIZE);
                long got = 0;
                while (got < bytes) {
                    buffer.clear();
                    int n = c.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    got += n;
                }
                if (got != bytes) {
                    throw new IOException("the loopback copy ended after " + got + " bytes");
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sender.join();
            return seconds;
        }
    }

    /**
     * The loopback copy over TLS 1.3 with the JDK's SSLSocket at both ends (a fresh self-signed P-256 identity, 128 KiB
     * writes, 64 KiB reads into a heap array): what plain Java TLS costs on this machine, the ceiling of a TLS download.
     * Seconds from the handshake's end to the last byte.
     */
    static double tlsLoopbackCopy(Path source, long bytes) throws Exception {
        org.chatnow.server.internal.tls.ServerIdentity identity = org.chatnow.server.internal.tls.ServerIdentity.generate(List.of("127.0.0.1"));
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] secret = "bench".toCharArray();
        store.setKeyEntry("server", identity.key(), secret, identity.chain().toArray(new java.security.cert.Certificate[0]));
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, secret);
        javax.net.ssl.SSLContext serverContext = javax.net.ssl.SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        BenchTls trust = new BenchTls(identity.fingerprint());
        try (javax.net.ssl.SSLServerSocket listener = (javax.net.ssl.SSLServerSocket) serverContext.getServerSocketFactory()
            .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(org.chatnow.protocol.tls.Tls.PROTOCOLS);
            AtomicLong failed = new AtomicLong();
            Thread sender = new Thread(() -> {
                try (java.net.Socket s = listener.accept(); FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                    java.io.OutputStream out = s.getOutputStream();
                    ByteBuffer buffer = ByteBuffer.allocate(DataChunk.SIZE);
                    int n;
                    while ((n = in.read(buffer.clear())) > 0) {
                        out.write(buffer.array(), 0, n);
                    }
                    out.flush();
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }, "bench-tls-copy");
            sender.start();
            try (javax.net.ssl.SSLSocket c = (javax.net.ssl.SSLSocket) trust.context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                c.startHandshake();
                long t0 = System.nanoTime();
                java.io.InputStream in = c.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                long got = 0;
                while (got < bytes) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    got += n;
                }
                if (got != bytes) {
                    throw new IOException("the TLS loopback copy ended after " + got + " bytes");
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                sender.join();
                return seconds;
            }
        }
    }

    /** The file sent over loopback to a thread that writes it to disk and fsyncs it. Seconds from connect to the fsync's end. */
    static double loopbackCopyToDisk(Path source, Path target, long bytes) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            long[] doneAt = {0};
            Exception[] error = {null};
            Thread receiver = new Thread(() -> {
                try (SocketChannel s = listener.accept(); FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(DataChunk.SIZE);
                    long got = 0;
                    while (got < bytes) {
                        buffer.clear();
                        int n = s.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        got += n;
                    }
                    out.force(true);
                    doneAt[0] = System.nanoTime();
                } catch (IOException e) {
                    error[0] = e;
                }
            }, "bench-copy-disk");
            receiver.start();
            long t0 = System.nanoTime();
            try (SocketChannel c = SocketChannel.open(listener.getLocalAddress()); FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(DataChunk.SIZE);
                while (in.read(buffer) > 0 || buffer.position() > 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        c.write(buffer);
                    }
                    buffer.clear();
                }
            }
            receiver.join();
            if (error[0] != null) {
                throw error[0];
            }
            return (doneAt[0] - t0) / 1e9;
        }
    }

    /**
     * A file-protocol connection that has said hello and authorised itself with the chat login's token. It reads
     * without a timeout, into one direct buffer, and hands binary payloads on without copying them: the data path does
     * what the baselines' ends do, so the generator costs no more than the baseline it is compared with.
     */
    private static RawConnection fileConnection(BenchTls tls, String host, int port, RawUser user) throws IOException {
        // over TLS the JDK's SSLSocket (through its streams, with a timeout long enough for any transfer)
        RawConnection c = tls == null ? RawConnection.open(host, port, Duration.ZERO)
            : RawConnection.openTls(host, port, Duration.ofMinutes(30), tls.context());
        c.socket().setTcpNoDelay(true);
        c.socket().setReceiveBufferSize(1 << 20);
        c.socket().setSendBufferSize(1 << 20);
        c.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "ChatNow bench"));
        c.write(new Frame.FileAuth("a", user.name, user.token));
        c.readUntil(Frame.Ok.class);
        return c;
    }

    /** CPU seconds of the generator's thread during the last wire transfer (it runs on the calling thread). */
    static double lastClientCpu;

    private static long threadCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Seconds from the upload request to the server's upload_done (hash checked, fsynced, renamed, recorded). The
     * client reads the file into a direct buffer behind each frame's header and writes it, as the baseline's sender does.
     */
    static double wireUpload(BenchTls tls, String host, int port, RawUser user, Path source, String name, long bytes, String sha256) throws Exception {
        try (RawConnection c = fileConnection(tls, host, port, user); FileChannel file = FileChannel.open(source, StandardOpenOption.READ)) {
            long cpu0 = threadCpu();
            long t0 = System.nanoTime();
            c.write(new Frame.Upload("u", name, bytes, sha256));
            Frame.UploadReady ready = c.readUntil(Frame.UploadReady.class);
            long position = ready.offset();
            ByteBuffer frame = ByteBuffer.allocateDirect(4 + DataChunk.SIZE);
            while (position < bytes) {
                int n = (int) Math.min(DataChunk.SIZE, bytes - position);
                frame.clear().putInt(0x8000_0000 | n).limit(4 + n);
                while (frame.hasRemaining()) {
                    if (file.read(frame, position + frame.position() - 4) < 0) {
                        throw new IOException("the source file ended early");
                    }
                }
                c.writeRaw(frame.flip());
                position += n;
            }
            c.readUntil(Frame.UploadDone.class);
            double seconds = (System.nanoTime() - t0) / 1e9;
            lastClientCpu = (threadCpu() - cpu0) / 1e9;
            return seconds;
        }
    }

    /** Seconds from the download request to the last byte received (read into a direct buffer and dropped). */
    static double wireDownload(BenchTls tls, String host, int port, RawUser user, String name, long bytes) throws Exception {
        try (RawConnection c = fileConnection(tls, host, port, user)) {
            long cpu0 = threadCpu();
            long t0 = System.nanoTime();
            c.write(new Frame.Download("d", name, 0));
            c.readUntil(Frame.DownloadReady.class);
            c.readBinary(bytes, piece -> {
                // the payload is dropped, as the baseline's reader drops it
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            lastClientCpu = (threadCpu() - cpu0) / 1e9;
            return seconds;
        }
    }

    static void wireDelete(BenchTls tls, String host, int port, RawUser user, String name) throws Exception {
        try (RawConnection c = fileConnection(tls, host, port, user)) {
            c.write(new Frame.FileDelete("x", name));
            c.readUntil(Frame.Ok.class);
        }
    }

    /** The file port a server announces in its welcome (for --server). */
    private static int welcomeFilePort(Target target) throws Exception {
        try (RawConnection raw = RawConnection.connect(target.host, target.port, RawConnection.DEFAULT_TIMEOUT)) {
            Frame.Welcome w = raw.welcome();
            if (w.filePort() == null) {
                throw new IOException("the server has no file service");
            }
            return w.filePort();
        }
    }
}
