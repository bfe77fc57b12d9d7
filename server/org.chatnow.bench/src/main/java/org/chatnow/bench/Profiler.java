package org.chatnow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Java Flight Recorder on the server: in this JVM through the JFR API, on a server process through {@code jcmd
 * <pid> JFR.start/JFR.stop}. At the end it reads the recording and lists the hottest methods of the server's threads
 * (the generator's own threads, named bench-*, are left out).
 */
final class Profiler {
    private static final String NAME = "chatnow-bench";
    private final Target target;
    private final Path file;
    private Recording recording;

    private Profiler(Target target, Path file) {
        this.target = target;
        this.file = file.toAbsolutePath();
    }

    /** Starts recording, or returns null when {@code file} is null or the server is external. */
    static Profiler start(Target target, Path file) throws Exception {
        if (file == null || target.kind == Target.Kind.EXTERNAL) {
            return null;
        }
        Profiler p = new Profiler(target, file);
        if (target.kind == Target.Kind.IN_PROCESS) {
            p.recording = new Recording(Configuration.getConfiguration("profile"));
            p.recording.setToDisk(true);
            p.recording.start();
        } else {
            jcmd(target.pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + p.file);
        }
        Scenario.progress("profiling the server with JFR into %s", p.file);
        return p;
    }

    private static String jcmd(long pid, String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** Stops recording and adds the hottest methods to {@code result} as tables titled after {@code phase}. */
    void stopAndSummarize(Result result, String phase) throws Exception {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
        } else {
            jcmd(target.pid, "JFR.stop", "name=" + NAME);
        }
        summarize(file, result, phase, 15);
        result.note("JFR recording of " + phase + ": " + file + " (jfr print --events jdk.ExecutionSample " + file + ")");
    }

    /** Events that time a thread waiting: lock contention, parking, file and socket I/O. */
    private static final Set<String> WAIT_EVENTS = Set.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.FileWrite", "jdk.FileRead",
        "jdk.FileForce", "jdk.SocketWrite", "jdk.SocketRead", "jdk.JavaMonitorWait");

    private static boolean generatorThread(RecordedEvent e) {
        RecordedThread t = e.getThread("sampledThread");
        String name = t == null ? null : t.getJavaName();
        return name != null && (name.startsWith("bench-") || name.equals("main"));
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName()
            .replaceFirst("^org\\.chatnow\\.", "")
            .replaceFirst("^org\\.apache\\.mina\\.", "mina.")
            .replaceFirst("^com\\.fasterxml\\.jackson\\.", "jackson.")
            .replaceFirst("^org\\.h2\\.", "h2.");
        return type + "." + f.getMethod().getName();
    }

    /** Methods a thread waiting for work sits in: not work, left out of the native samples. */
    private static boolean idleNative(String top) {
        return top.contains("epollWait") || top.contains("EPoll.wait") || top.contains("Unsafe.park") || top.contains("accept")
            || top.contains("Object.wait") || top.contains("Thread.sleep") || top.contains("Net.poll");
    }

    static void summarize(Path file, Result result, String phase, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> natives = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, long[]> waits = new HashMap<>();
        int samples = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            boolean java = type.equals("jdk.ExecutionSample");
            boolean nat = type.equals("jdk.NativeMethodSample");
            if (WAIT_EVENTS.contains(type)) {
                RecordedThread t = e.getThread();
                String thread = t == null ? "" : String.valueOf(t.getJavaName());
                if (thread.startsWith("bench-") || thread.equals("main") || e.getStackTrace() == null) {
                    continue;
                }
                String where = e.getStackTrace().getFrames().stream().map(Profiler::method)
                    .filter(m -> m.startsWith("server.") || m.startsWith("protocol.") || m.startsWith("client."))
                    .findFirst().orElse(e.getStackTrace().getFrames().isEmpty() ? "?" : method(e.getStackTrace().getFrames().get(0)));
                long[] w = waits.computeIfAbsent(type.substring(4) + " in " + where, k -> new long[2]);
                w[0]++;
                w[1] += e.getDuration().toNanos();
                continue;
            }
            if (!java && !nat || generatorThread(e)) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            String topMethod = method(frames.get(0));
            if (nat) {
                if (idleNative(topMethod)) {
                    continue;
                }
                String caller = frames.stream().skip(1).map(Profiler::method)
                    .filter(m -> !m.startsWith("sun.") && !m.startsWith("java.") && !m.startsWith("jdk."))
                    .findFirst().orElse(frames.size() > 1 ? method(frames.get(1)) : "");
                natives.merge(topMethod + " <- " + caller, 1, Integer::sum);
                nativeSamples++;
                continue;
            }
            samples++;
            self.merge(topMethod, 1, Integer::sum);
            RecordedThread t = e.getThread("sampledThread");
            threads.merge(t == null ? "?" : String.valueOf(t.getJavaName()).replaceAll("[0-9]+", "#"), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = method(f);
                if (seen.add(m)) {
                    inclusive.merge(m, 1, Integer::sum);
                }
            }
        }
        addTop(result, "hot methods (self), " + phase + ": " + samples + " JFR samples of server threads running Java", self, samples, top);
        addTop(result, "hot methods (inclusive), " + phase, inclusive, samples, top);
        addTop(result, "server threads by samples, " + phase, threads, samples, top);
        Result.Table w = result.table("waits over the recording's thresholds (JFR duration events), " + phase, List.of("event"),
            "event", "count", "total_ms");
        waits.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(top)
            .forEach(e -> w.row(e.getKey(), e.getValue()[0], e.getValue()[1] / 1e6));
        addTop(result, "native (I/O) samples, " + phase + ": " + nativeSamples + " samples outside idle waits", natives, nativeSamples, top);
    }

    private static void addTop(Result result, String title, Map<String, Integer> counts, int total, int top) {
        Result.Table t = result.table(title, List.of("method"), "method", "samples", "percent");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
            .forEach(e -> t.row(e.getKey(), e.getValue(), total == 0 ? Double.NaN : 100.0 * e.getValue() / total));
    }
}
