package org.chatnow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/** Passwords and the admin secret: read from files or asked for without echo, never taken from the command line. */
final class Secrets {

    private Secrets() {
    }

    /** The first line of {@code file}, without its line break; a usage error if it cannot be read or is empty. */
    static String readFile(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.usage(option + ": there is no file " + file);
        } catch (IOException e) {
            throw CliException.usage(option + ": cannot read " + file + ": " + e.getMessage());
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw CliException.usage(option + ": " + file + " is empty");
        }
        return line;
    }

    /** A note for standard error when {@code file} can be read by users other than its owner, else null. */
    static String exposureWarning(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                return "warning: other users can read " + file + " (chmod 600 it)";
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or the file is gone: reading it reports what matters
        }
        return null;
    }

    /** Asks on the console without echo; null without a console or at end of input. */
    static String ask(Terminal terminal, String prompt) {
        if (terminal.prompter() == null) {
            return null;
        }
        char[] typed = terminal.prompter().readSecret(prompt);
        if (typed == null) {
            return null;
        }
        try {
            return new String(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /**
     * A new password for {@code user}: the first line of {@code file}, else CHATNOW_NEW_PASSWORD, else asked for twice
     * on the console.
     */
    static String newPassword(Terminal terminal, Path file, String user) {
        if (file != null) {
            warnIfExposed(terminal, file);
            return readFile(file, "--new-password-file");
        }
        String fromEnv = terminal.env("CHATNOW_NEW_PASSWORD");
        if (fromEnv != null) {
            return fromEnv;
        }
        if (terminal.prompter() == null) {
            throw CliException.usage("no new password for " + user + ": use --new-password-file FILE, set CHATNOW_NEW_PASSWORD, "
                + "or run in a terminal to be asked");
        }
        String first = ask(terminal, "New password for " + user + ": ");
        if (first == null || first.isEmpty()) {
            throw CliException.usage("no new password given");
        }
        String again = ask(terminal, "The same password again: ");
        if (!first.equals(again)) {
            throw CliException.usage("the two passwords differ; nothing was changed");
        }
        return first;
    }

    static void warnIfExposed(Terminal terminal, Path file) {
        String warning = exposureWarning(file);
        if (warning != null) {
            terminal.err().println("chatnow cli: " + warning);
        }
    }
}
