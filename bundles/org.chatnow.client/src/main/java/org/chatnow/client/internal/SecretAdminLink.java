package org.chatnow.client.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.chatnow.client.ChatException;
import org.chatnow.client.KnownServers;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.mina.ChatCodecFactory;
import org.chatnow.protocol.mina.TlsWriteWindow;

/**
 * An admin action authorised by the server's admin secret, on a connection of its own: hello, then the admin frame,
 * no login. Over TLS the server's certificate is checked exactly as for a login (system trust or the pin) before the
 * secret is sent; a refused certificate fails with an {@link org.chatnow.client.UntrustedServerException}.
 */
final class SecretAdminLink extends IoHandlerAdapter {
    private final Frame.Admin request;
    private final CompletableFuture<Void> answer = new CompletableFuture<>();
    private final ServerAddress server;
    private final Transport transport;
    private volatile boolean welcomed;

    private SecretAdminLink(ServerAddress server, Transport transport, Frame.Admin request) {
        this.server = server;
        this.transport = transport;
        this.request = request;
    }

    /** Sends the action; the future completes when the server carried it out, or fails with why not. */
    static CompletableFuture<Void> run(ServerAddress server, Transport transport, SystemTrust systemTrust, KnownServers pins,
        Duration timeout, String secret, String action, String user, String password, String reason) {
        SecretAdminLink link = new SecretAdminLink(server, transport,
            new Frame.Admin(UUID.randomUUID().toString(), secret, action, user, password, reason));
        NioSocketConnector connector = new NioSocketConnector(1);
        connector.setConnectTimeoutMillis(timeout.toMillis());
        TlsPeer peer = null;
        if (transport == Transport.TLS) {
            peer = new TlsPeer(server, systemTrust, () -> pins.pinned(server), link.answer::completeExceptionally);
            connector.getFilterChain().addLast("tls", new ClientTlsFilter());
            connector.getFilterChain().addLast("tls-window", new TlsWriteWindow());
        }
        connector.getFilterChain().addLast("codec", ChatCodecFactory.filter(Limits.MAX_FRAME_BYTES));
        connector.setHandler(link);
        TlsPeer attached = peer;
        ConnectFuture connecting = connector.connect(new InetSocketAddress(server.host(), server.port()), (s, f) -> {
            if (attached != null) {
                attached.attachTo(s);
            }
        });
        connecting.addListener(f -> {
            if (!connecting.isConnected()) {
                Throwable why = connecting.getException();
                link.answer.completeExceptionally(new ChatException(ChatException.UNREACHABLE, "cannot reach the server at " + server
                    + " (" + (why == null || why.getMessage() == null ? String.valueOf(why) : why.getMessage()) + ")", why));
            }
        });
        CompletableFuture<Void> result = link.answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((ok, error) -> {
            if (error instanceof java.util.concurrent.TimeoutException) {
                throw new ChatException(ChatException.TIMEOUT, "the server at " + server + " did not answer within "
                    + timeout.toSeconds() + " s");
            }
            if (error != null) {
                throw ChatException.of(error);
            }
            return null;
        });
        result.whenComplete((ok, error) -> {
            IoSession session = connecting.isDone() && connecting.isConnected() ? connecting.getSession() : null;
            if (session != null && session.isConnected()) {
                session.write(new Frame.Logout());
                session.closeOnFlush();
            }
            // disposing waits for the connector's threads: never on one of them
            Thread.ofVirtual().name("chatnow-admin-link-close").start(() -> connector.dispose(true));
        });
        return result;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        switch ((Frame) message) {
            case Frame.Welcome welcome -> {
                welcomed = true;
                if (welcome.version() != Limits.PROTOCOL_VERSION) {
                    answer.completeExceptionally(new ChatException("unsupported_version",
                        "the server speaks protocol version " + welcome.version() + ", this client " + Limits.PROTOCOL_VERSION));
                } else {
                    session.write(request);
                }
            }
            case Frame.Ok ok when request.id().equals(ok.id()) -> answer.complete(null);
            // errors about the request, and frame-level errors (no id) after which the server closes
            case Frame.Error error when error.id() == null || request.id().equals(error.id()) ->
                answer.completeExceptionally(new ChatException(error.code(), error.message() == null ? error.code() : error.message()));
            default -> {
                // nothing else concerns a session that does not log in
            }
        }
    }

    @Override
    public void sessionOpened(IoSession session) {
        session.write(new Frame.Hello(Limits.PROTOCOL_VERSION, MinaChatClient.CLIENT_NAME));
    }

    @Override
    public void sessionClosed(IoSession session) {
        TlsPeer peer = TlsPeer.of(session);
        if (peer != null && peer.rejection() != null) {
            answer.completeExceptionally(peer.rejection());
        }
        if (welcomed) {
            answer.completeExceptionally(new ChatException(ChatException.UNREACHABLE,
                "the server at " + server + " closed the connection before answering"));
        } else {
            answer.completeExceptionally(new ChatException(ChatException.TRANSPORT_MISMATCH,
                "the server at " + server + " closed the connection without a greeting; "
                    + (transport == Transport.TLS ? "it may not speak TLS" : "if it requires TLS, connect with the TLS transport")));
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        TlsPeer peer = TlsPeer.of(session);
        if (peer != null && peer.rejection() != null) {
            answer.completeExceptionally(peer.rejection());
        } else if (cause instanceof SSLException tls) {
            answer.completeExceptionally(new ChatException(ChatException.TRANSPORT_MISMATCH, "the TLS handshake with " + server
                + " failed (" + tls.getMessage() + "); if the server does not speak TLS, connect with the plaintext transport", tls));
        } else {
            answer.completeExceptionally(new ChatException(ChatException.UNREACHABLE, "the connection to " + server + " failed: "
                + (cause.getMessage() == null ? cause : cause.getMessage()), cause));
        }
        session.closeNow();
    }
}
