package org.chatnow.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.chatnow.client.AdminActions;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;

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
            runWithSecret(secret, action, user, password, reason);
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

    /** The action on a connection of its own, authorised by the secret; the certificate checked first, as for a login. */
    private void runWithSecret(String secret, String action, String user, String password, String reason) {
        ServerAddress server = cli.address();
        TrustOptions trust = TrustOptions.of(cli, server);
        try (ChatClient client = ChatClients.create()) {
            client.setTransport(trust.transport());
            client.setKnownServers(trust);
            ChatSession.warnIfPlaintext(trust.transport() == Transport.PLAINTEXT, server, cli.terminal);
            try {
                await(client.adminWithSecret(server, secret, action, user, password, reason), server);
            } catch (CliException e) {
                if (!(e.getCause() instanceof UntrustedServerException refused)) {
                    throw e;
                }
                if (!trust.acceptOnFirstUse(refused, cli.terminal)) {
                    throw trust.refusal(refused);
                }
                await(client.adminWithSecret(server, secret, action, user, password, reason), server);
            }
        }
    }

    private void await(CompletableFuture<Void> request, ServerAddress server) {
        Duration timeout = cli.timeout();
        try {
            request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CliException(CliException.CANNOT_CONNECT, "the server at " + server + " did not answer within "
                + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.REFUSED, "interrupted");
        } catch (ExecutionException e) {
            throw ChatSession.failure(e);
        }
    }
}
