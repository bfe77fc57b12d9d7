package org.chatnow.server.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.protocol.mina.EncodedFrame;
import org.chatnow.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chat protocol on the server side: hello, login, presence and routing of messages. */
public final class ChatHandler extends IoHandlerAdapter {
    /** Seconds without any frame (clients ping every 30 s) after which a logged-in session is considered dead. */
    static final int SESSION_IDLE_SECONDS = 120;
    static final String SERVER_NAME = "ChatNow";
    static final String KICK_REASON_TAKEOVER = "logged in elsewhere";

    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);
    private static final AttributeKey GREETED = new AttributeKey(ChatHandler.class, "greeted");
    private static final AttributeKey USER = new AttributeKey(ChatHandler.class, "user");
    /** Set when the session is being closed for a protocol violation: nothing it sends afterwards is handled. */
    private static final AttributeKey ENDING = new AttributeKey(ChatHandler.class, "ending");

    private final ServerConfig config;
    private final SessionRegistry registry;
    private final MessageStore store;
    /** One lock per conversation: sequence numbers are handed out and written in the same order to everyone. */
    private final Map<String, Object> conversationLocks = new ConcurrentHashMap<>();
    /** Orders presence changes so that every session sees joins and leaves in one order. */
    private final Object presenceLock = new Object();

    public ChatHandler(ServerConfig config, SessionRegistry registry, MessageStore store) {
        this.config = config;
        this.registry = registry;
        this.store = store;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (session.containsAttribute(ENDING)) {
            return;
        }
        if (!session.containsAttribute(USER) && !(message instanceof Frame.Hello || message instanceof Frame.Login)
            && System.currentTimeMillis() - session.getCreationTime() > config.loginTimeoutSeconds() * 1000L) {
            refuse(session, null, ErrorCodes.NOT_READY, "log in within " + config.loginTimeoutSeconds() + " seconds of connecting", true);
            return;
        }
        Frame frame = (Frame) message;
        switch (frame) {
            case Frame.Hello hello -> onHello(session, hello);
            case Frame.Login login -> onLogin(session, login);
            case Frame.Send send -> onSend(session, send);
            case Frame.Ping ping -> write(session, new Frame.Pong(ping.id()));
            case Frame.Logout logout -> session.closeOnFlush();
            default -> refuse(session, null, ErrorCodes.MALFORMED_FRAME,
                "a client may not send '" + frame.getClass().getSimpleName() + "' frames", true);
        }
    }

    private void onHello(IoSession session, Frame.Hello hello) {
        if (hello.version() != Limits.PROTOCOL_VERSION) {
            refuse(session, null, ErrorCodes.UNSUPPORTED_VERSION,
                "this server speaks protocol version " + Limits.PROTOCOL_VERSION + ", not " + hello.version(), true);
            return;
        }
        session.setAttribute(GREETED, Boolean.TRUE);
        write(session, new Frame.Welcome(Limits.PROTOCOL_VERSION, SERVER_NAME, config.maxFrameBytes()));
    }

    private void onLogin(IoSession session, Frame.Login login) {
        if (!session.containsAttribute(GREETED)) {
            refuse(session, login.id(), ErrorCodes.NOT_READY, "send hello before login", true);
            return;
        }
        if (session.containsAttribute(USER)) {
            refuse(session, login.id(), ErrorCodes.NOT_READY, "already logged in as " + session.getAttribute(USER), false);
            return;
        }
        String user = login.user();
        if (user == null || !Limits.USER_NAME.matcher(user).matches()) {
            refuse(session, login.id(), ErrorCodes.INVALID_NAME,
                "a user name has 1 to 32 letters, digits, '.', '_' or '-'", false);
            return;
        }
        synchronized (presenceLock) {
            session.setAttribute(USER, user);
            session.getConfig().setIdleTime(IdleStatus.READER_IDLE, SESSION_IDLE_SECONDS);
            boolean tookOver = registry.bind(user, session).map(previous -> {
                previous.removeAttribute(USER);
                write(previous, new Frame.Kicked(KICK_REASON_TAKEOVER));
                previous.closeOnFlush();
                LOG.info("{} logged in again from {}; ended the session from {}", user, session.getRemoteAddress(),
                    previous.getRemoteAddress());
                return true;
            }).orElse(false);
            write(session, new Frame.LoginOk(login.id(), user));
            write(session, new Frame.Users(registry.onlineUsers()));
            if (!tookOver) {
                broadcast(new Frame.Presence(user, Frame.Presence.ONLINE), session);
                LOG.info("{} logged in from {}", user, session.getRemoteAddress());
            }
        }
    }

    private void onSend(IoSession session, Frame.Send send) {
        String user = (String) session.getAttribute(USER);
        if (user == null) {
            refuse(session, send.id(), ErrorCodes.NOT_READY, "log in before sending", false);
            return;
        }
        String text = send.text();
        if (text == null || text.isBlank() || text.length() > Limits.MAX_TEXT_CHARS) {
            refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE,
                "a message has 1 to " + Limits.MAX_TEXT_CHARS + " characters", false);
            return;
        }
        if (!Limits.LOBBY.equals(send.conversation())) {
            refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION, "no conversation " + send.conversation(), false);
            return;
        }
        synchronized (conversationLocks.computeIfAbsent(send.conversation(), c -> new Object())) {
            Frame.Message stored = store.append(send.conversation(), user, text);
            write(session, new Frame.Ack(send.id(), stored.conversation(), stored.seq()));
            broadcast(stored, null);
        }
    }

    /** Encodes {@code frame} once and queues the same bytes to every logged-in session except {@code except}. */
    private void broadcast(Frame frame, IoSession except) {
        EncodedFrame encoded = EncodedFrame.of(frame, Integer.MAX_VALUE);
        for (IoSession recipient : registry.localSessions()) {
            if (recipient != except) {
                write(recipient, encoded);
            }
        }
    }

    private void write(IoSession session, Object frame) {
        if (session.isClosing()) {
            return;
        }
        if (session.getScheduledWriteBytes() > config.maxQueuedBytesPerSession()) {
            LOG.warn("closing {} ({}): it does not read what it is sent", session.getAttribute(USER), session.getRemoteAddress());
            session.closeNow();
            return;
        }
        session.write(frame);
    }

    private void refuse(IoSession session, String requestId, String code, String text, boolean close) {
        write(session, new Frame.Error(requestId, code, text));
        if (close) {
            session.setAttribute(ENDING, Boolean.TRUE);
            session.closeOnFlush();
        }
    }

    @Override
    public void sessionClosed(IoSession session) {
        String user = (String) session.getAttribute(USER);
        if (user == null) {
            return;
        }
        synchronized (presenceLock) {
            if (registry.unbind(user, session)) {
                broadcast(new Frame.Presence(user, Frame.Presence.OFFLINE), session);
                LOG.info("{} left", user);
            }
        }
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        LOG.debug("closing idle session {} ({})", session.getRemoteAddress(), session.getAttribute(USER));
        session.closeNow();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Throwable root = cause instanceof ProtocolDecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameTooLargeException tooLarge) {
            LOG.warn("{}: {}; closing", session.getRemoteAddress(), tooLarge.getMessage());
            refuse(session, null, ErrorCodes.FRAME_TOO_LARGE, tooLarge.getMessage(), true);
        } else if (root instanceof MalformedFrameException malformed) {
            LOG.warn("{}: malformed frame ({}); closing", session.getRemoteAddress(), malformed.getMessage());
            refuse(session, null, ErrorCodes.MALFORMED_FRAME, malformed.getMessage(), true);
        } else if (root instanceof IOException) {
            LOG.debug("{}: connection error: {}", session.getRemoteAddress(), root.toString());
            session.closeNow();
        } else {
            LOG.error("{}: unexpected error; closing the session", session.getRemoteAddress(), root);
            session.closeNow();
        }
    }
}
