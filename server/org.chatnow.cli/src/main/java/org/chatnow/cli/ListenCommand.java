package org.chatnow.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.Presence;
import org.chatnow.client.UntrustedServerException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints messages as they arrive, until Ctrl+C or --count messages: first the unread ones the server "
        + "replays at login (unless --new), then new ones. Reconnects by itself after a network loss or a server restart "
        + "and prints what was missed, each message once.",
        "Plain output: '[HH:mm] #lobby alice: text' (with the date for older messages); connection changes go to "
            + "standard error.",
        "With --json, one object per line with a \"type\": message (conversation, seq, from, time, text, replayed), "
            + "presence (user, presence), typing (conversation, user, typing), read (conversation, user, seq) and "
            + "state (state, detail; \"online\" comes once the login's replay is over)."})
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    ChatNowCli cli;

    @Option(names = "--count", paramLabel = "N", order = 1, description = "Stop after N messages.")
    Integer count;

    @Option(names = "--conversation", paramLabel = "TARGET", order = 2,
        description = "Only this conversation ('#room', room:NAME or @USER); presence and state events are still printed with --json.")
    String conversation;

    @Option(names = "--new", order = 3,
        description = "Skip the unread messages the server replays at login: print only what arrives from now on "
            + "(messages missed during a reconnect are still printed).")
    boolean onlyNew;

    @Option(names = "--mark-read", order = 4,
        description = "Mark each printed message read, so that the next listen starts after it.")
    boolean markRead;

    /** Ends the command with an exit code; completed by the events below. */
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    /** Touched only on the printer thread. */
    private final Map<String, Long> printed = new HashMap<>();
    private final Map<String, Long> reads = new HashMap<>();
    private int messages;
    private boolean wasOnline;
    /** Whether the first login's replay is over (the client reports the conversation list after it). */
    private boolean synced;
    /** The detail of an ONLINE state whose login is still replaying; null otherwise. */
    private String onlineDetail;

    @Override
    public Integer call() {
        String me = cli.userName();
        String only = conversation == null ? null : Targets.conversation(conversation, me);
        if (count != null && count < 1) {
            throw CliException.usage("--count must be at least 1");
        }
        Output output = cli.output();
        ExecutorService printer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chatnow-cli-listen");
            t.setDaemon(true);
            return t;
        });
        try (ChatSession session = ChatSession.create(cli)) {
            session.client().addListener(new Printer(session, output, me, only), printer);
            session.login();
            if (!output.json()) {
                cli.terminal.err().println("chatnow cli: listening as " + session.user() + " at " + session.server()
                    + (only == null ? "" : " to " + only) + (count == null ? "; Ctrl+C stops" : ""));
            }
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliException.OK; // Ctrl+C: a normal way to stop listening
        } catch (ExecutionException e) {
            throw ChatSession.failure(e.getCause());
        } finally {
            printer.shutdownNow();
        }
    }

    /** Prints the client's events; runs on the printer thread, in the order the events happened. */
    private final class Printer implements ChatListener {
        private final ChatSession session;
        private final ChatClient client;
        private final Output output;
        private final String me;
        private final String only;

        Printer(ChatSession session, Output output, String me, String only) {
            this.session = session;
            this.client = session.client();
            this.output = output;
            this.me = me;
            this.only = only;
        }

        @Override
        public void messageReceived(ChatMessage message) {
            if (done.isDone() || (only != null && !only.equals(message.conversation())) || (onlyNew && !synced)) {
                return;
            }
            // the client delivers each message once; this guard keeps that promise even across reconnects
            Long last = printed.get(message.conversation());
            if (last != null && message.seq() <= last) {
                return;
            }
            printed.put(message.conversation(), message.seq());
            output.message(message, me);
            if (markRead) {
                client.markRead(message.conversation(), message.seq());
            }
            messages++;
            if ((count != null && messages >= count) || output.closed()) {
                done.complete(CliException.OK); // enough, or nobody reads any more
            }
        }

        @Override
        public void conversationsChanged(List<ConversationInfo> conversations) {
            synced = true;
            if (onlineDetail != null && !done.isDone()) {
                // "online" once the login's replay is over: from here on every message is a new one
                if (output.json()) {
                    output.object("type", "state", "state", "online", "detail", onlineDetail);
                } else if (wasOnline) {
                    cli.terminal.err().println("chatnow cli: " + onlineDetail);
                }
                wasOnline = true;
            }
            onlineDetail = null;
        }

        @Override
        public void presenceChanged(String user, Presence presence) {
            if (output.json() && !done.isDone()) {
                output.object("type", "presence", "user", user, "presence", presence.name().toLowerCase());
            }
        }

        @Override
        public void typingChanged(String conversationId, String user, boolean typing) {
            if (output.json() && !done.isDone() && (only == null || only.equals(conversationId))) {
                output.object("type", "typing", "conversation", conversationId, "user", user, "typing", typing);
            }
        }

        @Override
        public void readReceipt(String conversationId, String user, long seq) {
            if (!output.json() || done.isDone() || (only != null && !only.equals(conversationId))) {
                return;
            }
            // each login reports every read position again (0 for "nothing read yet"): print only progress
            Long known = reads.get(conversationId + '\n' + user);
            if (seq > 0 && (known == null || seq > known)) {
                reads.put(conversationId + '\n' + user, seq);
                output.object("type", "read", "conversation", conversationId, "user", user, "seq", seq);
            }
        }

        @Override
        public void stateChanged(ConnectionState state, String detail) {
            if (done.isDone()) {
                return;
            }
            if (state == ConnectionState.ONLINE) {
                onlineDetail = detail == null ? "online" : detail; // reported when the replay is over
                return;
            }
            onlineDetail = null;
            if (output.json()) {
                output.object("type", "state", "state", state.name().toLowerCase(), "detail", detail);
            }
            switch (state) {
                case RECONNECTING -> {
                    if (!output.json()) {
                        cli.terminal.err().println("chatnow cli: " + detail);
                    }
                }
                case KICKED -> done.completeExceptionally(CliException.refused("signed out by the server: " + detail));
                case OFFLINE -> {
                    // before the first login the failed login itself is reported; later, the client gave up
                    if (wasOnline) {
                        // a reconnect that met another certificate: say so as a login would, with what to do about it
                        done.completeExceptionally(client.reconnectFailure() instanceof UntrustedServerException refused
                            ? session.refusal(refused) : CliException.refused("offline: " + detail));
                    }
                }
                default -> {
                    // connecting: nothing to say
                }
            }
        }
    }
}
