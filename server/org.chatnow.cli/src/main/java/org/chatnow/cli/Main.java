package org.chatnow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.chatnow.client.ChatException;
import org.chatnow.protocol.Limits;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of {@code ./chatnow cli}: the ChatNow command-line client and admin tool. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Terminal terminal = Terminal.system();
        // Ctrl+C (or SIGTERM): interrupt the command, which then logs out, and let it finish before the JVM goes
        Thread command = Thread.currentThread();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stop = new Thread(() -> {
            stopping.set(true);
            command.interrupt();
            try {
                command.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chatnow-cli-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int code = run(args, terminal);
        terminal.out().flush();
        terminal.err().flush();
        if (stopping.get()) {
            return; // the JVM is exiting already; System.exit would wait for the hook that waits for us
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
            return;
        }
        System.exit(code);
    }

    /** Runs one command line against {@code terminal} and returns its exit code (see {@link CliException}). */
    public static int run(String[] args, Terminal terminal) {
        return commandLine(terminal).execute(args);
    }

    static CommandLine commandLine(Terminal terminal) {
        CommandLine commandLine = new CommandLine(new ChatNowCli(terminal));
        commandLine.setOut(terminal.out());
        commandLine.setErr(terminal.err());
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> reportFailure(terminal.err(), error));
        commandLine.setParameterExceptionHandler(Main::reportUsageError);
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commandTree(help));
        return commandLine;
    }

    private static int reportFailure(PrintWriter err, Exception error) {
        Throwable cause = error;
        while (cause instanceof CommandLine.ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CliException || cause instanceof ChatException) {
            CliException failure = ChatSession.failure(cause);
            err.println("chatnow cli: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        err.println("chatnow cli: internal error: " + cause);
        cause.printStackTrace(err);
        err.flush();
        return CliException.REFUSED;
    }

    private static int reportUsageError(ParameterException error, String[] args) {
        CommandLine failed = error.getCommandLine();
        PrintWriter err = failed.getErr();
        if (error instanceof UnmatchedArgumentException unmatched && unknownCommand(failed, unmatched) != null) {
            err.println("chatnow cli: unknown command '" + unknownCommand(failed, unmatched) + "'; the commands of "
                + failed.getCommandSpec().qualifiedName() + " are " + String.join(", ", failed.getSubcommands().keySet()));
        } else {
            err.println("chatnow cli: " + error.getMessage());
        }
        if (error instanceof UnmatchedArgumentException unmatched && unknownCommand(failed, unmatched) == null) {
            if (unmatched.getUnmatched().stream().anyMatch(a -> a.equals("--password") || a.startsWith("--password="))) {
                err.println("There is no --password option (other users could read it in the process list): use "
                    + "--password-file FILE, set CHATNOW_PASSWORD, or let the command ask.");
            } else {
                UnmatchedArgumentException.printSuggestions(unmatched, err);
            }
        }
        err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return CliException.USAGE;
    }

    /** The word taken for a command name where {@code failed} expects one, or null. */
    private static String unknownCommand(CommandLine failed, UnmatchedArgumentException unmatched) {
        if (failed.getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()
            || (failed.getParseResult() != null && failed.getParseResult().subcommand() != null)) {
            return null;
        }
        String first = unmatched.getUnmatched().get(0);
        return first.startsWith("-") ? null : first;
    }

    // ---------------------------------------------------------------- the command tree of --help

    /** Every command with its arguments and options, so that the top-level help documents all of them. */
    private static String commandTree(Help help) {
        if (help.commandSpec().parent() != null) {
            return help.commandList();
        }
        int width = Math.max(60, help.commandSpec().usageMessage().width());
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, CommandLine> entry : help.commandSpec().subcommands().entrySet()) {
            describe(b, entry.getValue().getCommandSpec(), entry.getKey(), width);
        }
        b.append(wrap("Run '" + help.commandSpec().qualifiedName() + " COMMAND --help' for one command's help.", 2, width, 2));
        return b.toString();
    }

    private static void describe(StringBuilder b, CommandSpec spec, String path, int width) {
        if (!spec.name().equals(path.substring(path.lastIndexOf(' ') + 1))) {
            return; // an alias
        }
        List<ArgSpec> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.inherited() && !o.usageHelp() && !o.versionHelp() && !o.hidden()) {
                args.add(o);
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        StringBuilder synopsis = new StringBuilder(path);
        for (ArgSpec a : args) {
            OptionSpec o = (OptionSpec) a;
            synopsis.append(" [").append(o.longestName()).append(o.arity().max() > 0 ? "=" + o.paramLabel() : "").append(']');
        }
        for (PositionalParamSpec p : positionals) {
            String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
            synopsis.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        if (!spec.subcommands().isEmpty()) {
            synopsis.append(" COMMAND");
        }
        b.append("  ").append(synopsis).append(System.lineSeparator());
        for (String line : spec.usageMessage().description()) {
            if (!line.isBlank()) {
                b.append(wrap(line.replace("%n", " "), 6, width, 6));
            }
        }
        args.addAll(0, positionals);
        for (ArgSpec a : args) {
            String name = a instanceof OptionSpec o ? o.longestName() + (o.arity().max() > 0 ? "=" + o.paramLabel() : "") : a.paramLabel();
            String text = String.join(" ", a.description()).replace("${DEFAULT-VALUE}", String.valueOf(a.defaultValueString()));
            b.append(wrap(" ".repeat(6) + name + " ".repeat(Math.max(1, 26 - name.length())), text, width, 32));
        }
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            describe(b, sub.getValue().getCommandSpec(), path + " " + sub.getKey(), width);
        }
    }

    private static String wrap(String text, int indent, int width, int hang) {
        return wrap(" ".repeat(indent), text, width, hang);
    }

    /** {@code prefix} and then {@code text} wrapped at {@code width}, continuation lines indented by {@code hang}. */
    private static String wrap(String prefix, String text, int width, int hang) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append(System.lineSeparator());
                line = new StringBuilder(" ".repeat(hang));
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            } else if (line.length() > hang && line.length() + word.length() > width && !prefix.isBlank()) {
                // a long option name leaves no room: start its description on the next line
                out.append(line.toString().stripTrailing()).append(System.lineSeparator());
                line = new StringBuilder(" ".repeat(hang));
            }
            line.append(word);
            empty = false;
        }
        return out.append(line.toString().stripTrailing()).append(System.lineSeparator()).toString();
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ChatNow command-line client " + (version == null ? "(development build)" : version)
                + ", protocol version " + Limits.PROTOCOL_VERSION};
        }
    }
}
