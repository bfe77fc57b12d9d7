package org.chatnow.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.Limits;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The top command, {@code chatnow cli}: the options every command shares, and the commands. */
@Command(name = "chatnow cli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"The ChatNow command-line client and admin tool: send and receive messages, read history, manage rooms "
        + "and accounts from a terminal or a script.", ""},
    optionListHeading = "Options of every command (before or after the command name):%n",
    commandListHeading = "%nCommands:%n",
    subcommands = {SendCommand.class, ListenCommand.class, HistoryCommand.class, UsersCommand.class, RoomsCommand.class,
        RoomCommand.class, AdminCommand.class, HelpCommand.class},
    footerHeading = "%n",
    footer = {
        "Targets: '#room' (quote it: a shell treats an unquoted # as a comment), room:NAME, @USER (a private chat), "
            + "or a conversation id such as dm:alice:bob.",
        "",
        "The password is read from --password-file, else from CHATNOW_PASSWORD, else asked for without echo when a "
            + "terminal is attached. There is no --password option: other users could read it in the process list.",
        "",
        "Logging in takes over the account's session: a workbench logged in as the same user is signed out.",
        "",
        "Transport security: both connections (chat and files) are encrypted with TLS 1.3 or 1.2. A certificate that "
            + "the system trusts for the server's host name is accepted; otherwise only one pinned in the known-servers "
            + "file ($XDG_CONFIG_HOME/chatnow/known-servers, else ~/.config/chatnow/known-servers: one 'host:port "
            + "fingerprint' line per server), one named by --trust, or with --trust-on-first-use the first one a server "
            + "presents. An unknown certificate is an error that prints its fingerprint; a changed one is refused with "
            + "both fingerprints. Plain TCP (--insecure-plaintext, for a server started with --insecure-plaintext) is neither "
            + "encrypted nor authenticated; the command line warns on standard error when it uses it.",
        "",
        "Environment: CHATNOW_SERVER, CHATNOW_USER, CHATNOW_PASSWORD, CHATNOW_NEW_PASSWORD (admin create-account and "
            + "reset-password).",
        "",
        "Exit codes: 0 done; 1 the server refused (its message is printed); 2 usage error; 3 cannot connect "
            + "(the server did not answer in time, or its TLS certificate is not trusted)."})
final class ChatNowCli implements Runnable {
    static final String DEFAULT_SERVER = "127.0.0.1:" + Limits.DEFAULT_PORT;
    static final int DEFAULT_TIMEOUT_SECONDS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT, order = 1,
        description = "The server to connect to (default: $CHATNOW_SERVER, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT, order = 2,
        description = "The user to log in as (default: $CHATNOW_USER).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT, order = 3,
        description = "Read the password from the first line of FILE (default: $CHATNOW_PASSWORD, else ask).")
    Path passwordFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, order = 4,
        description = "Print results as JSON, one object per line.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT, order = 5,
        description = "How long to wait for the server to connect and to answer each request (default: "
            + DEFAULT_TIMEOUT_SECONDS + ").")
    Integer timeoutSeconds;

    @Option(names = "--tls", scope = ScopeType.INHERIT, order = 6,
        description = "Encrypt the connections with TLS and check the server's certificate (the default).")
    boolean tls;

    @Option(names = "--insecure-plaintext", scope = ScopeType.INHERIT, order = 7,
        description = "Connect over plain TCP, to a server started with --insecure-plaintext: nothing is encrypted, and the "
            + "server is not authenticated.")
    boolean insecurePlaintext;

    @Option(names = "--trust", paramLabel = "FINGERPRINT", scope = ScopeType.INHERIT, order = 8,
        description = "Trust exactly the certificate with this SHA-256 fingerprint for this server (as the server prints "
            + "it; colons optional). Implies --tls.")
    String trust;

    @Option(names = "--trust-on-first-use", scope = ScopeType.INHERIT, order = 9,
        description = "Trust the certificate a server presents the first time and remember it in the known-servers file; "
            + "a different one later is refused. Implies --tls.")
    boolean trustOnFirstUse;

    final Terminal terminal;

    ChatNowCli(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public void run() {
        throw CliException.usage("name a command, e.g. 'send' or 'listen' (--help lists them)");
    }

    /** The server named by --server or CHATNOW_SERVER, else the default. */
    ServerAddress address() {
        String text = server != null ? server : terminal.env("CHATNOW_SERVER") != null ? terminal.env("CHATNOW_SERVER") : DEFAULT_SERVER;
        try {
            return ServerAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("bad server address '" + text + "': " + e.getMessage());
        }
    }

    /** The user named by --user or CHATNOW_USER. */
    String userName() {
        String name = user != null ? user : terminal.env("CHATNOW_USER");
        if (name == null || name.isBlank()) {
            throw CliException.usage("name the user to log in as: --user NAME or CHATNOW_USER");
        }
        return name.strip();
    }

    Duration timeout() {
        int seconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        if (seconds < 1) {
            throw CliException.usage("--timeout must be at least 1 second");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The login password: --password-file, else CHATNOW_PASSWORD, else asked for on the console. */
    String password(String forUser, ServerAddress at) {
        if (passwordFile != null) {
            Secrets.warnIfExposed(terminal, passwordFile);
            return Secrets.readFile(passwordFile, "--password-file");
        }
        String fromEnv = terminal.env("CHATNOW_PASSWORD");
        if (fromEnv != null) {
            return fromEnv;
        }
        if (terminal.prompter() != null) {
            String typed = Secrets.ask(terminal, "Password for " + forUser + " at " + at + ": ");
            if (typed != null && !typed.isEmpty()) {
                return typed;
            }
            throw CliException.usage("no password given");
        }
        throw CliException.usage("no password for " + forUser + ": use --password-file FILE, set CHATNOW_PASSWORD, "
            + "or run in a terminal to be asked");
    }

    Output output() {
        return new Output(terminal.out(), json);
    }
}
