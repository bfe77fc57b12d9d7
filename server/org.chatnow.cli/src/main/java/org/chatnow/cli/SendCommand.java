package org.chatnow.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Sends a message to a room or a user and prints its sequence number "
        + "(with --json: {\"conversation\":...,\"seq\":...}).",
        "With - as the text, sends each line of standard input as a message (blank lines are skipped)."})
final class SendCommand implements Callable<Integer> {
    /** Messages sent from standard input before waiting for the oldest one's ack. */
    private static final int WINDOW = 64;

    @ParentCommand
    ChatNowCli cli;

    @Parameters(index = "0", paramLabel = "<target>", description = "Where to: '#room', room:NAME or @USER.")
    String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<text>",
        description = "The message; several words are joined with spaces. - reads messages from standard input, one per line.")
    List<String> words;

    private record Sending(int line, CompletableFuture<Long> ack) {
    }

    @Override
    public Integer call() throws IOException {
        String conversation = Targets.conversation(target, cli.userName());
        boolean fromStdin = words.size() == 1 && words.get(0).equals("-");
        String text = String.join(" ", words);
        if (!fromStdin && text.isBlank()) {
            throw CliException.usage("the message is empty");
        }
        Output output = cli.output();
        try (ChatSession session = ChatSession.open(cli)) {
            if (!fromStdin) {
                long seq = session.await(session.client().send(conversation, text), "send");
                printSent(output, conversation, seq);
                return CliException.OK;
            }
            return sendLines(session, output, conversation);
        }
    }

    private int sendLines(ChatSession session, Output output, String conversation) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(cli.terminal.in(), cli.terminal.charset()));
        Deque<Sending> inFlight = new ArrayDeque<>();
        CliException failure = null;
        int lineNumber = 0;
        String line;
        while (failure == null && (line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            inFlight.add(new Sending(lineNumber, session.client().send(conversation, line)));
            while (failure == null && !inFlight.isEmpty() && (inFlight.size() >= WINDOW || inFlight.peek().ack().isDone())) {
                failure = finish(session, output, conversation, inFlight.poll());
            }
        }
        while (!inFlight.isEmpty()) {
            CliException next = finish(session, output, conversation, inFlight.poll());
            failure = failure == null ? next : failure;
        }
        if (failure != null) {
            throw failure;
        }
        return CliException.OK;
    }

    /** Waits for one message's ack and prints its sequence number; returns the failure instead of throwing it. */
    private CliException finish(ChatSession session, Output output, String conversation, Sending sending) {
        try {
            printSent(output, conversation, session.await(sending.ack(), "send line " + sending.line()));
            return null;
        } catch (CliException e) {
            return new CliException(e.exitCode(), "line " + sending.line() + " was not sent: " + e.getMessage(), e);
        }
    }

    private static void printSent(Output output, String conversation, long seq) {
        if (output.json()) {
            output.object("conversation", conversation, "seq", seq);
        } else {
            output.text(Long.toString(seq));
        }
    }
}
