package org.chatnow.cli;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where one run of the command line reads and writes: the process's streams, environment and console, or a test's
 * stand-ins for them.
 *
 * @param out standard output: results only, so that scripts can read them
 * @param err standard error: errors and progress notes
 * @param in standard input (messages for {@code send ... -})
 * @param charset how text is encoded on standard input
 * @param env the environment variables
 * @param prompter asks for secrets without echo; null when no console is attached
 */
public record Terminal(PrintWriter out, PrintWriter err, InputStream in, Charset charset, Map<String, String> env,
    SecretPrompter prompter) {

    /** Asks the person at the console for a secret without echoing it. */
    @FunctionalInterface
    public interface SecretPrompter {
        /** The answer to {@code prompt}, or null at end of input. */
        char[] readSecret(String prompt);
    }

    public Terminal {
        env = Map.copyOf(env);
    }

    /** The process's standard streams, its environment, and its console if one is attached. */
    public static Terminal system() {
        Charset charset = terminalCharset();
        Console console = interactiveConsole();
        SecretPrompter prompter = console == null ? null : prompt -> console.readPassword("%s", prompt);
        // straight to the file descriptor: System.out would swallow the error of a closed pipe, which ends listen
        return new Terminal(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset), false),
            new PrintWriter(new OutputStreamWriter(System.err, charset), true), System.in, charset, System.getenv(), prompter);
    }

    /**
     * The terminal's encoding; UTF-8 when that is plain ASCII (a "C" locale, where chat text would turn into '?')
     * or unknown. JSON readers expect UTF-8 anyway.
     */
    private static Charset terminalCharset() {
        String name = System.getProperty("stdout.encoding");
        try {
            Charset charset = name == null ? Charset.defaultCharset() : Charset.forName(name);
            return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The console when both ends are a terminal; since Java 22 System.console() may return one that is not. */
    private static Console interactiveConsole() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console)) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console; // Java 21: System.console() is null unless interactive
        }
    }

    /** An environment variable, or null when it is unset or empty. */
    String env(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
