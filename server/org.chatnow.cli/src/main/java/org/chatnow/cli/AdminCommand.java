package org.chatnow.cli;

import java.nio.file.Path;

import org.chatnow.client.AdminActions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

@Command(name = "admin", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Administers accounts. Allowed for an admin account (log in with --user) or, without logging in, "
        + "for whoever can read the server's admin secret (--admin-secret-file)."})
final class AdminCommand {

    @ParentCommand
    ChatNowCli cli;

    @Option(names = "--admin-secret-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
        description = "Authorise with the server's admin secret instead of an admin login: the file admin.secret in "
            + "the server's data directory (readable on the server machine only).")
    Path secretFile;

    @Command(name = "create-account", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Creates an account (needed when the server runs with --registration closed). The password comes "
            + "from --new-password-file, else CHATNOW_NEW_PASSWORD, else it is asked for twice.")
    int createAccount(@Parameters(paramLabel = "<user>", description = "The new account's name.") String user,
        @Option(names = "--admin", description = "Make it an admin account.") boolean admin,
        @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "Read the new account's password from the first line of FILE.") Path passwordFile) {
        String password = Secrets.newPassword(cli.terminal, passwordFile, user);
        return run(admin ? AdminActions.CREATE_ADMIN : AdminActions.CREATE_ACCOUNT, user, password, null,
            "created " + (admin ? "admin " : "") + "account " + user);
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sets a new password for an account and ends its saved sessions. The password comes from "
            + "--new-password-file, else CHATNOW_NEW_PASSWORD, else it is asked for twice.")
    int resetPassword(@Parameters(paramLabel = "<user>", description = "The account.") String user,
        @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "Read the new password from the first line of FILE.") Path passwordFile) {
        String password = Secrets.newPassword(cli.terminal, passwordFile, user);
        return run(AdminActions.RESET_PASSWORD, user, password, null, "reset the password of " + user);
    }

    @Command(name = "kick", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Signs a user out; their client does not reconnect by itself. They may log in again.")
    int kick(@Parameters(paramLabel = "<user>", description = "A user who is online.") String user,
        @Option(names = "--reason", paramLabel = "TEXT", description = "Shown to the user.") String reason) {
        return run(AdminActions.KICK, user, null, reason, "kicked " + user);
    }

    @Command(name = "ban", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bans an account: it is signed out and cannot log in until unbanned.")
    int ban(@Parameters(paramLabel = "<user>", description = "The account.") String user,
        @Option(names = "--reason", paramLabel = "TEXT", description = "Shown to the user.") String reason) {
        return run(AdminActions.BAN, user, null, reason, "banned " + user);
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, description = "Lets a banned account log in again.")
    int unban(@Parameters(paramLabel = "<user>", description = "The account.") String user) {
        return run(AdminActions.UNBAN, user, null, null, "unbanned " + user);
    }

    private int run(String action, String user, String password, String reason, String done) {
        if (secretFile != null) {
            Secrets.warnIfExposed(cli.terminal, secretFile);
            String secret = Secrets.readFile(secretFile, "--admin-secret-file");
            if (TrustOptions.of(cli, cli.address()).transport() != org.chatnow.client.Transport.PLAINTEXT) {
                // the admin-secret link is a raw connection of its own, not yet over TLS: never send the secret in clear
                throw CliException.usage("--admin-secret-file does not work over TLS yet (the secret must not travel in "
                    + "clear text): log in as an admin user with --user instead");
            }
            AdminLink.run(cli.address(), cli.timeout(), secret, action, user, password, reason);
        } else {
            try (ChatSession session = ChatSession.open(cli)) {
                if (user.equals(session.user()) && (action.equals(AdminActions.KICK) || action.equals(AdminActions.BAN))) {
                    throw CliException.refused("you are logged in as " + user + ": kick or ban yourself with --admin-secret-file");
                }
                session.await(session.client().admin(null, action, user, password, reason), action.replace('_', ' '));
            }
        }
        Output output = cli.output();
        if (output.json()) {
            output.object("action", action, "user", user, "ok", true);
        } else {
            output.text(Output.safe(done));
        }
        return CliException.OK;
    }
}
