package org.chatnow.cli;

import java.util.concurrent.Callable;

import org.chatnow.client.UserPresence;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "users", mixinStandardHelpOptions = true,
    description = "Lists the users online (yourself included) with their presence: online or away. On a server with more "
        + "users online than its presence list limit: you and your private contacts, and how many are online (on standard error). "
        + "With --json: {\"user\":...,\"presence\":...} per user.")
final class UsersCommand implements Callable<Integer> {

    @ParentCommand
    ChatNowCli cli;

    @Override
    public Integer call() {
        Output output = cli.output();
        try (ChatSession session = ChatSession.open(cli)) {
            for (UserPresence u : session.client().users()) {
                String presence = u.presence().name().toLowerCase();
                if (output.json()) {
                    output.object("user", u.user(), "presence", presence);
                } else {
                    output.text(Output.safe(u.user()) + "\t" + presence);
                }
            }
            if (session.client().usersPartial()) {
                cli.terminal.err().println("chatnow cli: " + session.client().onlineCount() + " users online; with this many the "
                    + "server lists only you and the people you have private conversations with");
            }
            return CliException.OK;
        }
    }
}
