package org.chatnow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the machine is, and how busy other programs kept it while a benchmark ran. */
final class Machine {
    private Machine() {
    }

    static Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memory_bytes", memTotal());
        m.put("cpu", cpuModel());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
            + System.getProperty("java.vm.vendor") + ")");
        m.put("bench_jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("git_commit", git("rev-parse", "--short=12", "HEAD"));
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        m.put("git_dirty", dirty == null ? null : !dirty.isBlank());
        m.put("open_files_limit", openFilesLimit());
        m.putAll(serverJar());
        m.put("load_average_at_start", loadAverage());
        return m;
    }

    /** Which server code is measured: the jar the server classes come from, and its SHA-256 (first 16 hex digits). */
    static Map<String, Object> serverJar() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            Path jar = Path.of(org.chatnow.server.ChatServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            m.put("server_code", jar.toString());
            if (Files.isRegularFile(jar)) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                m.put("server_code_sha256", java.util.HexFormat.of().formatHex(sha.digest(Files.readAllBytes(jar))).substring(0, 16));
            }
        } catch (Exception e) {
            m.put("server_code", "unknown: " + e);
        }
        return m;
    }

    static String describe(Map<String, Object> m) {
        return m.get("cores") + " cores, " + (m.get("memory_bytes") instanceof Number n ? (n.longValue() >> 20) + " MiB" : "?")
            + ", " + m.get("jvm") + ", commit " + m.get("git_commit") + (Boolean.TRUE.equals(m.get("git_dirty")) ? " (dirty)" : "")
            + ", load " + m.get("load_average_at_start") + (m.containsKey("other_cpu_cores") ? ", others used "
                + Result.format(m.get("other_cpu_cores")) + " cores during the run" : "");
    }

    static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The soft open-file limit of this process, or -1 if unknown or unlimited. */
    static long softOpenFilesLimit() {
        if (openFilesLimit() instanceof Map<?, ?> m) {
            try {
                return Long.parseLong(String.valueOf(m.get("soft")));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    static Object openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] p = line.substring("Max open files".length()).strip().split("\\s+");
                    return Map.of("soft", p[0], "hard", p[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    private static String git(String... args) {
        String root = System.getenv("CHATNOW_ROOT");
        try {
            String[] command = new String[args.length + 3];
            command[0] = "git";
            command[1] = "-C";
            command[2] = root != null ? root : ".";
            System.arraycopy(args, 0, command, 3, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Accounts CPU time of the whole machine against that of the benchmark's own processes, to tell how much other
     * programs used while the figures were taken.
     */
    static final class Busy {
        private final long startTotal;
        private final long startIdle;
        private final long startOwn;
        private final long startNanos = System.nanoTime();

        Busy() {
            long[] cpu = systemTicks();
            startTotal = cpu[0];
            startIdle = cpu[1];
            startOwn = ownTicks();
        }

        private long ownTicks() {
            // this JVM, its ended children (a stopped server process), and its live descendants (a running one)
            long sum = Proc.cpuTicksWithChildren(ProcessHandle.current().pid());
            sum += ProcessHandle.current().descendants().mapToLong(h -> Math.max(0, Proc.cpuTicks(h.pid()))).sum();
            return sum;
        }

        /** CPU cores' worth of time that programs other than this benchmark (and its server) used since the start. */
        double otherCores() {
            long[] cpu = systemTicks();
            if (cpu[0] == 0) {
                return Double.NaN;
            }
            long busy = (cpu[0] - startTotal) - (cpu[1] - startIdle);
            long others = busy - (ownTicks() - startOwn);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return Math.max(0, others / (double) Proc.TICKS_PER_SECOND / seconds);
        }

        /** {total, idle} ticks of all CPUs from /proc/stat. */
        private static long[] systemTicks() {
            try {
                String line = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII).get(0);
                String[] p = line.split("\\s+");
                long total = 0;
                for (int i = 1; i < Math.min(p.length, 9); i++) {
                    total += Long.parseLong(p[i]);
                }
                long idle = Long.parseLong(p[4]) + Long.parseLong(p[5]);
                return new long[] {total, idle};
            } catch (IOException | RuntimeException e) {
                return new long[] {0, 0};
            }
        }
    }
}
