package org.chatnow.bench;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every scenario takes. */
final class CommonOptions {
    @Option(names = "--server", paramLabel = "HOST:PORT",
        description = "benchmark a running server instead of starting one (its file port comes from its welcome frame; start it with "
            + "--max-connections-per-address 0 and --max-message-rate 0, since every simulated user comes from this machine)")
    String server;

    @Option(names = "--server-process", description = "start the server as a process of its own (test kit ServerProcess: "
        + "-Xmx256m, serial GC), so its CPU and memory are measured apart from the load generator's")
    boolean serverProcess;

    @Option(names = "--in-process", description = "start the server in this JVM even where the scenario defaults to a process")
    boolean inProcess;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory of the server started (default: a temporary one, deleted afterwards)")
    Path data;

    @Option(names = "--keep-data", description = "keep the temporary data directory (and the server log in it)")
    boolean keepData;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON (compare two with 'compare A.json B.json')")
    Path json;

    @Option(names = "--profile", paramLabel = "FILE.jfr",
        description = "record the server with Java Flight Recorder (settings 'profile') and print its hottest methods")
    Path profile;

    @Option(names = "--transport", description = "how clients reach the server: plain (TCP) or tls (TLS 1.3, the server's "
        + "certificate pinned by its fingerprint); a server the benchmark starts is told explicitly (default ${DEFAULT-VALUE})")
    BenchTransport transport = BenchTransport.PLAIN;

    @Option(names = "--tls-fingerprint", paramLabel = "SHA256", description = "with --server and --transport tls: the "
        + "fingerprint of the server's certificate to trust (a server the benchmark starts is read from its data directory)")
    String tlsFingerprint;

    @Option(names = "--io-threads", description = "threads of the raw load generator (default ${DEFAULT-VALUE})")
    int ioThreads = 1;

    /** A copy of these options with {@code transport} (for a scenario that runs others both ways). */
    CommonOptions with(BenchTransport transport) {
        CommonOptions copy = new CommonOptions();
        copy.server = server;
        copy.serverProcess = serverProcess;
        copy.inProcess = inProcess;
        copy.data = data;
        copy.keepData = keepData;
        copy.profile = profile;
        copy.ioThreads = ioThreads;
        copy.tlsFingerprint = tlsFingerprint;
        copy.transport = transport;
        return copy;
    }
}
