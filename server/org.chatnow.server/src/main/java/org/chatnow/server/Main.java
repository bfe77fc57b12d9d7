package org.chatnow.server;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** Command line entry point: {@code ./chatnow server [--port N] [--bind ADDRESS]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = ServerConfig.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port", "-p" -> config = config.withPort(Integer.parseInt(value(args, ++i, "--port")));
                    case "--bind", "-b" -> config = config.withBindAddress(value(args, ++i, "--bind"));
                    case "--max-frame-bytes" -> config = config.withMaxFrameBytes(Integer.parseInt(value(args, ++i, "--max-frame-bytes")));
                    case "--help", "-h" -> {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("chatnow server: " + e.getMessage());
            usage(System.err);
            System.exit(2);
        }
        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (IOException e) {
            System.err.println("chatnow server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "chatnow-shutdown"));
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("""
            Usage: chatnow server [options]
              --port, -p N            chat port (default 50007; 0 picks a free port)
              --bind, -b ADDRESS      address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)
              --max-frame-bytes N     largest frame a client may send (default 1048576, at least 131072)
              --help, -h              this text""");
    }
}
