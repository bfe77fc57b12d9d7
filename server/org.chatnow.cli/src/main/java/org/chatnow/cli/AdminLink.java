package org.chatnow.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.chatnow.client.ServerAddress;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.mina.ChatCodecFactory;

/**
 * An admin action authorised by the server's admin secret, on a connection of its own: hello, then the admin frame,
 * no login. {@code ChatClient.admin} needs a logged-in session, which the secret exists to do without (e.g. to create
 * the first accounts of a server with closed registration), so this speaks the protocol directly through its codec.
 */
final class AdminLink {
    static final String CLIENT_NAME = "ChatNow command-line client";

    private AdminLink() {
    }

    /** Sends {@code action} and returns when the server has carried it out; throws the refusal otherwise. */
    static void run(ServerAddress server, Duration timeout, String secret, String action, String user, String password, String reason) {
        String requestId = UUID.randomUUID().toString();
        Frame.Admin request = new Frame.Admin(requestId, secret, action, user, password, reason);
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        NioSocketConnector connector = new NioSocketConnector(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            connector.setConnectTimeoutMillis(timeout.toMillis());
            connector.getFilterChain().addLast("codec", ChatCodecFactory.filter(Limits.MAX_FRAME_BYTES));
            connector.setHandler(new Handler(request, answer));
            ConnectFuture connecting = connector.connect(new InetSocketAddress(server.host(), server.port()));
            if (!connecting.awaitUninterruptibly(timeout.toMillis()) || !connecting.isConnected()) {
                Throwable why = connecting.isDone() ? connecting.getException() : null;
                throw new CliException(CliException.CANNOT_CONNECT, "cannot reach the server at " + server + " ("
                    + (why == null ? "no answer within " + timeout.toSeconds() + " s" : why.getMessage() == null ? why : why.getMessage()) + ")");
            }
            IoSession session = connecting.getSession();
            Frame result;
            try {
                result = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new CliException(CliException.CANNOT_CONNECT, "the server at " + server + " did not answer within "
                    + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(CliException.REFUSED, "interrupted");
            } catch (ExecutionException e) {
                throw new CliException(CliException.CANNOT_CONNECT, e.getCause().getMessage(), e.getCause());
            } finally {
                if (session.isConnected()) {
                    session.write(new Frame.Logout());
                    session.closeOnFlush().awaitUninterruptibly(1000);
                }
            }
            if (result instanceof Frame.Error error) {
                throw CliException.refused(error.message() == null ? error.code() : error.message());
            }
        } finally {
            connector.dispose(false);
        }
    }

    /** hello, then the admin request once welcomed; completes {@code answer} with its ok or error. */
    private static final class Handler extends IoHandlerAdapter {
        private final Frame.Admin request;
        private final CompletableFuture<Frame> answer;

        Handler(Frame.Admin request, CompletableFuture<Frame> answer) {
            this.request = request;
            this.answer = answer;
        }

        @Override
        public void sessionOpened(IoSession session) {
            session.write(new Frame.Hello(Limits.PROTOCOL_VERSION, CLIENT_NAME));
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            switch ((Frame) message) {
                case Frame.Welcome welcome -> {
                    if (welcome.version() != Limits.PROTOCOL_VERSION) {
                        answer.complete(new Frame.Error(null, "unsupported_version",
                            "the server speaks protocol version " + welcome.version() + ", this tool " + Limits.PROTOCOL_VERSION));
                    } else {
                        session.write(request);
                    }
                }
                case Frame.Ok ok when request.id().equals(ok.id()) -> answer.complete(ok);
                // errors about the request, and frame-level errors (no id) after which the server closes
                case Frame.Error error when error.id() == null || request.id().equals(error.id()) -> answer.complete(error);
                default -> {
                    // nothing else concerns a session that does not log in
                }
            }
        }

        @Override
        public void sessionClosed(IoSession session) {
            answer.completeExceptionally(new IllegalStateException("the server closed the connection before answering"));
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            answer.completeExceptionally(new IllegalStateException("the connection failed: "
                + (cause.getMessage() == null ? cause : cause.getMessage()), cause));
            session.closeNow();
        }
    }
}
