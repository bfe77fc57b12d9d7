package org.chatnow.cli;

import java.util.concurrent.Callable;

import org.chatnow.client.ChatMessage;
import org.chatnow.client.HistoryPage;
import org.chatnow.protocol.Limits;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints a page of a conversation's history, oldest first, in the format of listen; with --search, "
            + "only the messages containing a text (ignoring case).",
        "When older messages exist, says how to get them: on standard error, or with --json as a last line "
            + "{\"type\":\"more\",\"conversation\":...,\"before\":SEQ}."})
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    ChatNowCli cli;

    @Parameters(index = "0", paramLabel = "<target>", description = "The conversation: '#room', room:NAME or @USER.")
    String target;

    @Option(names = "--before", paramLabel = "SEQ", order = 1,
        description = "Only messages before sequence number SEQ (default: up to the newest).")
    long before;

    @Option(names = "--limit", paramLabel = "N", order = 2,
        description = "At most N messages (default: ${DEFAULT-VALUE}, at most " + Limits.HISTORY_LIMIT + ").")
    int limit = 50;

    @Option(names = "--search", paramLabel = "TEXT", order = 3,
        description = "Only messages whose text contains TEXT, ignoring case (1 to " + Limits.MAX_QUERY_CHARS + " characters).")
    String search;

    @Override
    public Integer call() {
        String conversation = Targets.conversation(target, cli.userName());
        if (limit < 1 || limit > Limits.HISTORY_LIMIT) {
            throw CliException.usage("--limit is between 1 and " + Limits.HISTORY_LIMIT);
        }
        if (search != null && (search.isBlank() || search.strip().length() > Limits.MAX_QUERY_CHARS)) {
            throw CliException.usage("--search needs 1 to " + Limits.MAX_QUERY_CHARS + " characters");
        }
        if (before < 0) {
            throw CliException.usage("--before is a sequence number, 1 or more");
        }
        if (before == 1) {
            return CliException.OK; // nothing comes before the first message
        }
        Output output = cli.output();
        try (ChatSession session = ChatSession.open(cli)) {
            HistoryPage page = session.await(search == null ? session.client().history(conversation, before, limit)
                : session.client().search(conversation, search, before, limit), search == null ? "history" : "search");
            for (ChatMessage m : page.messages()) {
                output.message(m, session.user());
            }
            if (page.more() && !page.messages().isEmpty()) {
                long oldest = page.messages().get(0).seq();
                if (output.json()) {
                    output.object("type", "more", "conversation", conversation, "before", oldest);
                } else {
                    cli.terminal.err().println("chatnow cli: older messages: history '" + target + "' --before " + oldest
                        + (search == null ? "" : " --search '" + search + "'"));
                }
            }
            return CliException.OK;
        }
    }
}
