package org.chatnow.bench;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./chatnow bench <scenario> [options]}: benchmarks of the ChatNow server. */
@Command(name = "chatnow bench", mixinStandardHelpOptions = true,
    description = {"Measures the ChatNow server: logins, message fan-out, private messages, idle connections, history and "
        + "shared files. Each scenario prints tables; --json FILE also writes them, with the machine and the parameters, "
        + "for 'compare'. By default the server runs in this JVM on a free loopback port with a temporary data directory "
        + "(idle and files start it as a process of its own); --server HOST:PORT benchmarks a running one."},
    subcommands = {ConnectBench.class, FanoutBench.class, PrivateBench.class, IdleBench.class, HistoryBench.class, FilesBench.class,
        TlsBench.class,
        Compare.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns its exit code. */
    public static int execute(String... args) {
        configureServerLog();
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    /**
     * A server running in this JVM logs as the shipped server does (info), but into a file, not over the tables.
     * Must run before the first logger is made.
     */
    static void configureServerLog() {
        if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "chatnow-bench-server.log");
            System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
