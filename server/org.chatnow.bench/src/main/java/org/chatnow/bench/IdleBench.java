package org.chatnow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Many idle sessions: the server's memory per connection, first connected only, then logged in. */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"N connections to a server process: first connected and greeted (not logged in), then logged in and "
        + "idle (pinging every 30 s as clients do). After each phase the server's heap after a full GC (through JMX) and "
        + "its RSS (/proc/<pid>/status) are read; the difference from the empty server, divided by N, is the cost of a "
        + "connection. Then N/2 more log in: the growth from N to 1.5 N, divided by N/2, is what one more idle session costs "
        + "(the marginal cost, without the JVM's one-off growth). The generator is the raw one (one selector thread, a few kB "
        + "per connection)."})
final class IdleBench extends Scenario {
    @Option(names = {"-n", "--connections"}, description = "connections (default ${DEFAULT-VALUE})")
    int connections = 10_000;

    @Option(names = "--concurrency", description = "connects or logins in flight at once (default ${DEFAULT-VALUE})")
    int concurrency = 500;

    @Option(names = "--password-iterations", description = "PBKDF2 cost of the server (default ${DEFAULT-VALUE})")
    int passwordIterations = 1000;

    @Option(names = "--timeout", description = "seconds a phase may take (default ${DEFAULT-VALUE})")
    double timeout = 900;

    @Override
    String name() {
        return "idle";
    }

    @Override
    boolean processByDefault() {
        return true;
    }

    @Override
    void run(Result result) throws Exception {
        Target.Settings settings = new Target.Settings();
        settings.passwordIterations = passwordIterations;
        settings.loginTimeoutSeconds = 3600; // connections that only said hello stay open for the measurement
        Object limit = Machine.openFilesLimit();
        progress("idle: open-file limit of this process %s", limit);
        try (Target target = startTarget(settings); RawNet net = target.net(common.ioThreads)) {
            describeTarget(result, target);
            int extra = connections / 2;
            checkDescriptors(target, connections + extra);
            if (target.kind == Target.Kind.EXTERNAL) {
                throw new IllegalArgumentException("idle measures the server's memory: run it on a server it starts (no --server)");
            }
            ServerJvm jvm = target.freshJvm();
            Result.Table table = result.table("idle connections", List.of("phase"), "phase", "connections", "phase_s",
                "server_heap_after_gc_mib", "server_heap_committed_mib", "server_rss_mib", "heap_per_conn_bytes", "rss_per_conn_bytes", "server_threads",
                "server_fds", "server_cpu_s", "generator_cpu_s");
            long heap0 = jvm.heapAfterGc();
            Thread.sleep(500);
            long rss0 = Proc.status(target.pid, "VmRSS");
            table.row("empty server", 0, 0.0, heap0 / 1048576.0, jvm.heapCommitted() / 1048576.0, rss0 / 1048576.0, null, null, Proc.status(target.pid, "Threads"),
                fds(target.pid), target.cpuSeconds(), 0.0);
            String prefix = "i" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
            List<RawUser> users = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                RawUser u = new RawUser(prefix + i, "pw-" + prefix + i, net.nextLoop());
                u.index = i;
                users.add(u);
            }
            Reading empty = new Reading(heap0, rss0, 0);
            Reading connected = phase(result, table, target, net, "connected (hello, no login)", users, true, false, empty, 0);
            result.metric("heap_per_connected_connection_bytes", connected.heapEach(empty));
            result.metric("rss_per_connected_connection_bytes", connected.rssEach(empty));
            Reading loggedIn = phase(result, table, target, net, "logged in, idle", users, false, true, empty, 0);
            result.metric("heap_per_logged_in_connection_bytes", loggedIn.heapEach(empty));
            result.metric("rss_per_logged_in_connection_bytes", loggedIn.rssEach(empty));
            if (extra > 0) {
                List<RawUser> more = new ArrayList<>();
                for (int i = connections; i < connections + extra; i++) {
                    RawUser u = new RawUser(prefix + i, "pw-" + prefix + i, net.nextLoop());
                    u.index = i;
                    more.add(u);
                }
                Reading added = phase(result, table, target, net, "logged in, idle, " + extra + " more", more, true, true, loggedIn,
                    loggedIn.connections());
                result.metric("heap_per_added_idle_connection_bytes", added.heapEach(loggedIn));
                result.metric("rss_per_added_idle_connection_bytes", added.rssEach(loggedIn));
                users.addAll(more);
            }
            long genHeap = generatorHeapAfterGc();
            long genRss = Proc.status(ProcessHandle.current().pid(), "VmRSS");
            Result.Table gen = result.table("load generator (this JVM)", List.of("what"), "what", "value");
            gen.row("generator threads", net.loops().length);
            gen.row("generator CPU s, whole run", net.cpuSeconds());
            gen.row("server CPU s, whole run", target.cpuSeconds());
            gen.row("this JVM heap after GC, MiB", genHeap / 1048576.0);
            gen.row("this JVM RSS, MiB", genRss / 1048576.0);
            result.metric("target_bytes_per_idle_connection", 8192);
            result.note("per-connection figures: (phase - empty server) / connections; in the last row (the N/2 more): "
                + "(last row - logged in) / the N/2 more, the marginal cost of an idle session. The heap is read after two full GCs "
                + "(MemoryMXBean.gc through JMX); RSS includes the JVM's own growth (heap committed, metaspace, code), so it is "
                + "the figure to plan machines with, the heap the one to optimise code with.");
            if (!target.separateProcess()) {
                result.note("in-process: heap and RSS are this whole JVM's, the generator's included; use the default "
                    + "(a server process) for real figures.");
            }
            users.forEach(RawUser::drop);
        }
    }

    /** The server's memory after a phase, with how many connections it holds. */
    private record Reading(long heap, long rss, int connections) {
        long heapEach(Reading base) {
            int added = connections - base.connections;
            return added <= 0 ? 0 : (heap - base.heap) / added;
        }

        long rssEach(Reading base) {
            int added = connections - base.connections;
            return added <= 0 ? 0 : (rss - base.rss) / added;
        }
    }

    /**
     * Greets and/or logs in {@code who}, lets the server settle, reads its memory and adds a row whose per-connection
     * figures are the growth since {@code base} divided by the connections added.
     */
    private Reading phase(Result result, Result.Table table, Target target, RawNet net, String phase, List<RawUser> who,
        boolean hello, boolean login, Reading base, int before) throws Exception {
        progress("idle: %d connections, phase '%s'", who.size(), phase);
        double cpu0 = target.cpuSeconds();
        double gen0 = net.cpuSeconds();
        List<Waves.Wave> waves = new ArrayList<>();
        if (hello) {
            waves.add(Waves.run(who, u -> u.hello(target.address()), concurrency, timeout));
        }
        if (login) {
            waves.add(Waves.run(who, u -> u.loginAfterHello(false), concurrency, timeout));
        }
        double seconds = waves.stream().mapToDouble(Waves.Wave::seconds).sum();
        int failures = waves.stream().mapToInt(Waves.Wave::failures).max().orElse(0);
        String firstError = waves.stream().map(Waves.Wave::firstError).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (failures > 0) {
            result.note(phase + ": " + failures + " of " + who.size() + " failed, e.g. " + firstError);
        }
        progress("  -> %.1f s, %d failed; waiting for the server to settle", seconds, failures);
        target.awaitQuiet(600);
        double gen = net.cpuSeconds() - gen0;
        double server = target.cpuSeconds() - cpu0 - (target.separateProcess() ? 0 : gen);
        ServerJvm fresh = target.freshJvm();
        long heap = fresh.heapAfterGc();
        long committed = fresh.heapCommitted();
        Thread.sleep(500);
        Reading reading = new Reading(heap, Proc.status(target.pid, "VmRSS"), before + who.size() - failures);
        table.row(phase, reading.connections(), seconds, heap / 1048576.0, committed / 1048576.0, reading.rss() / 1048576.0,
            reading.heapEach(base), reading.rssEach(base), Proc.status(target.pid, "Threads"), fds(target.pid), server, gen);
        return reading;
    }

    private static long generatorHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
