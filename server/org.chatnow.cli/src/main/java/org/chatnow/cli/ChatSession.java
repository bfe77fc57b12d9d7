package org.chatnow.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConversationInfo;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.UntrustedServerException;

/** A logged-in {@link ChatClient} for one command, with every wait bounded by the command's timeout. */
final class ChatSession implements AutoCloseable {
    private final ChatClient client;
    private final ServerAddress server;
    private final String user;
    private final Duration timeout;
    private final TrustOptions trust;
    private final Terminal terminal;
    private final CompletableFuture<Void> synced = new CompletableFuture<>();
    private String password;

    private ChatSession(ChatClient client, ServerAddress server, String user, String password, Duration timeout,
        TrustOptions trust, Terminal terminal) {
        this.client = client;
        this.server = server;
        this.user = user;
        this.password = password;
        this.timeout = timeout;
        this.trust = trust;
        this.terminal = terminal;
        client.setTransport(trust.transport());
        client.setKnownServers(trust);
        // the first conversation list after login comes with the server's "synced", which ends the login's replay
        client.addListener(new ChatListener() {
            @Override
            public void conversationsChanged(List<ConversationInfo> conversations) {
                synced.complete(null);
            }
        }, Runnable::run);
    }

    /** Logs in with the global options. */
    static ChatSession open(ChatNowCli cli) {
        ChatSession session = create(cli);
        try {
            session.login();
            return session;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * A client for the global options (server, user, password, timeout), not yet connected: listeners added before
     * {@link #login()} also see the messages the server replays at login.
     */
    static ChatSession create(ChatNowCli cli) {
        ServerAddress server = cli.address();
        String user = cli.userName();
        Duration timeout = cli.timeout();
        TrustOptions trust = TrustOptions.of(cli, server);
        String password = cli.password(user, server);
        return new ChatSession(ChatClients.create(), server, user, password, timeout, trust, cli.terminal);
    }

    /**
     * Connects and logs in. Returns once the server has sent what the login replays and the online list: only then
     * does the server treat the session as a member of its conversations.
     */
    void login() {
        long deadline = System.nanoTime() + timeout.toNanos();
        String secret = password;
        password = null;
        try {
            awaitUntil(client.connect(server, user, secret), deadline, "log in");
        } catch (CliException e) {
            if (!(e.getCause() instanceof UntrustedServerException refused)) {
                throw e;
            }
            if (!trust.acceptOnFirstUse(refused, terminal)) {
                throw trust.refusal(refused);
            }
            awaitUntil(client.connect(server, user, secret), deadline, "log in");
        }
        awaitUntil(synced, deadline, "log in");
        warnIfPlaintext(client.security() != null && !client.security().encrypted(), server, terminal);
    }

    /** Says on standard error that nothing is encrypted (plain TCP), so that it is never a surprise. */
    static void warnIfPlaintext(boolean plaintext, ServerAddress server, Terminal terminal) {
        if (plaintext) {
            terminal.err().println("chatnow cli: warning: the connection to " + server + " is not encrypted (plain TCP): "
                + "passwords and messages cross the network in clear text");
        }
    }

    ChatClient client() {
        return client;
    }

    /** The user's name. */
    String user() {
        return client.user() != null ? client.user() : user;
    }

    ServerAddress server() {
        return server;
    }

    /** The result of {@code request}, waiting at most the command's timeout. */
    <T> T await(CompletableFuture<T> request, String what) {
        return awaitUntil(request, System.nanoTime() + timeout.toNanos(), what);
    }

    private <T> T awaitUntil(CompletableFuture<T> request, long deadline, String what) {
        try {
            return request.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new CliException(CliException.CANNOT_CONNECT, "the server at " + server + " did not answer within "
                + timeout.toSeconds() + " s (" + what + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.REFUSED, "interrupted");
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw failure(e);
        }
    }

    /** The exit and message for a failed request or login. */
    static CliException failure(Throwable error) {
        ChatException chat = ChatException.of(error);
        if (chat.is(ChatException.UNEXPECTED) && chat.getCause() instanceof CliException cli) {
            return cli;
        }
        String message = chat.getMessage() == null ? chat.code() : chat.getMessage();
        return switch (chat.code()) {
            case ChatException.UNREACHABLE, ChatException.TIMEOUT, ChatException.OFFLINE, ChatException.UNTRUSTED_CERTIFICATE ->
                new CliException(CliException.CANNOT_CONNECT, message, chat);
            case ChatException.TRANSPORT_MISMATCH -> new CliException(CliException.CANNOT_CONNECT,
                message + " (--tls and --insecure-plaintext choose the transport)", chat);
            default -> new CliException(CliException.REFUSED, message, chat.is(ChatException.UNEXPECTED) ? chat.getCause() : chat);
        };
    }

    /** Why a refused certificate stands, and what the user can do about it. */
    CliException refusal(UntrustedServerException refused) {
        return trust.refusal(refused);
    }

    /** Logs out and releases the client. */
    @Override
    public void close() {
        client.close();
    }
}
