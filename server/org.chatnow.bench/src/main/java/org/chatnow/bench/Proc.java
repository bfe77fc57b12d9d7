package org.chatnow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Reads a Linux process's CPU time, memory and threads from /proc. */
final class Proc {
    /** USER_HZ: the unit of the CPU times in /proc (100 on every mainstream Linux build). */
    static final int TICKS_PER_SECOND = 100;

    private Proc() {
    }

    /** utime + stime of {@code pid} in ticks, or -1. */
    static long cpuTicks(long pid) {
        long[] t = cpu(pid);
        return t == null ? -1 : t[0] + t[1];
    }

    /** utime + stime + cutime + cstime: the process and its children that ended and were waited for; -1 if unknown. */
    static long cpuTicksWithChildren(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] p = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(p[11]) + Long.parseLong(p[12]) + Long.parseLong(p[13]) + Long.parseLong(p[14]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {utime, stime} in ticks, or null. */
    static long[] cpu(long pid) {
        return cpu(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long[] cpu(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.US_ASCII);
            String[] p = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after the comm: state(0) ppid ... utime is field 14 of the whole line, index 11 here
            return new long[] {Long.parseLong(p[11]), Long.parseLong(p[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A value in kB from /proc/pid/status (VmRSS, VmHWM, Threads...), in bytes (Threads: the count); -1 if unknown. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    String[] p = line.substring(field.length() + 1).strip().split("\\s+");
                    long v = Long.parseLong(p[0]);
                    return p.length > 1 && p[1].equalsIgnoreCase("kB") ? v * 1024 : v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }

    /** CPU ticks {user, system} per thread name (digits folded to '#', so pools add up), for a per-thread breakdown. */
    static Map<String, long[]> threadTicks(long pid) {
        Map<String, long[]> result = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip().replaceAll("[0-9]+", "#");
                } catch (IOException e) {
                    continue;
                }
                long[] t = cpu(task.resolve("stat"));
                if (t != null) {
                    long[] sum = result.computeIfAbsent(comm, k -> new long[2]);
                    sum[0] += t[0];
                    sum[1] += t[1];
                }
            }
        } catch (IOException e) {
            // gone
        }
        return result;
    }
}
