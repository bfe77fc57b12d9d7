package org.chatnow.bench;

import java.util.List;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** A benchmark scenario: options, a run that fills a {@link Result}, then the result printed and written. */
abstract class Scenario implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** Progress and the result go here (the smoke test swaps it). */
    static PrintStream out = System.out;

    /** The last result, for the smoke test. */
    static volatile Result last;

    abstract String name();

    /** Whether the scenario measures the server process itself and so starts it as a process unless told otherwise. */
    boolean processByDefault() {
        return false;
    }

    abstract void run(Result result) throws Exception;

    static void progress(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }

    @Override
    public Integer call() throws Exception {
        Result result = new Result(name());
        result.started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        result.machine.putAll(Machine.info());
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            Object value = option.getValue();
            if (value != null && value.getClass().isArray()) {
                int length = java.lang.reflect.Array.getLength(value);
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (int i = 0; i < length; i++) {
                    list.add(java.lang.reflect.Array.get(value, i));
                }
                value = list;
            }
            result.parameters.put(option.longestName().replaceFirst("^-+", ""), value == null ? null : value instanceof Number
                || value instanceof Boolean || value instanceof java.util.List ? value : value.toString());
        }
        Machine.Busy busy = new Machine.Busy();
        try {
            run(result);
        } finally {
            result.machine.put("other_cpu_cores", busy.otherCores());
            result.machine.put("load_average_at_end", Machine.loadAverage());
        }
        double others = (Double) result.machine.get("other_cpu_cores");
        if (others > 0.25) {
            result.note(String.format(java.util.Locale.ROOT,
                "the machine was busy: other programs used %.2f of its %d cores on average during this run", others,
                Runtime.getRuntime().availableProcessors()));
        }
        result.print(out);
        if (common.json != null) {
            result.write(common.json);
            out.println("\nwrote " + common.json);
        }
        last = result;
        return 0;
    }

    /** Starts the server the options ask for. */
    Target startTarget(Target.Settings settings) throws Exception {
        return Target.start(common, processByDefault(), settings);
    }

    /**
     * Fails early when {@code connections} client connections (and, with the server in this JVM, as many server-side
     * sockets) would not fit under this process's open-file limit: past it the server can no longer accept and the run
     * hangs.
     */
    /** Logs {@code users} in (at most {@code concurrency} at a time), failing on any refusal, then waits for a quiet server. */
    static void logInAll(String scenario, List<RawUser> users, Target target, int concurrency) throws InterruptedException {
        progress("%s: logging in %d users", scenario, users.size());
        Waves.Wave wave = Waves.login(users, target.address(), false, concurrency, 600);
        if (wave.failures() > 0) {
            throw new IllegalStateException(wave.failures() + " logins failed, e.g. " + wave.firstError());
        }
        target.awaitQuiet(60);
    }

    static void checkDescriptors(Target target, int connections) {
        long limit = Machine.softOpenFilesLimit();
        long needed = (long) connections * (target.kind == Target.Kind.IN_PROCESS ? 2 : 1) + 200;
        if (limit > 0 && needed > limit) {
            throw new IllegalArgumentException(connections + " connections need about " + needed + " file descriptors "
                + (target.kind == Target.Kind.IN_PROCESS ? "in this JVM (client and server ends) " : "") + "but the limit is "
                + limit + ": raise it (ulimit -n)" + (target.kind == Target.Kind.IN_PROCESS ? " or use --server-process" : ""));
        }
    }

    static void describeTarget(Result result, Target target) {
        result.machine.put("server", target.kind.label + (target.separateProcess() ? " (pid " + target.pid + ")" : "")
            + " at " + target.host + ":" + target.port + " over " + (target.tls == null ? "plain TCP"
            : "TLS (certificate " + target.tls.fingerprint() + ")"));
    }
}
