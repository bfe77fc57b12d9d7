package org.chatnow.server.internal;

import java.io.IOException;
import java.util.concurrent.Executor;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.ssl.SslEvent;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameTooLargeException;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat connection's MINA handler: builds the shared services, registers one {@link FrameHandler} per kind of
 * client frame, and routes each frame to its handler. Runs on MINA's ordered executor (one session's frames in
 * order); a login's check runs on the auth executor, and the frames that arrive meanwhile are held and handled in
 * order once it is done.
 */
public final class ChatHandler extends IoHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ChatHandler.class);

    private final int loginTimeoutSeconds;
    private final Outbox outbox;
    private final Sessions sessions;
    private final MessageDelivery delivery;
    private final LoginHandler login;
    private final FrameHandlers handlers;
    private final Deadlines deadlines;
    private final ConnectionsPerAddress connections;
    private final IdleLimit idle;

    public ChatHandler(ServerConfig config, ChatStore store, SessionRegistry registry, AdminSecret adminSecret,
        Executor authExecutor, Integer filePort, FileSessions fileSessions, Deadlines deadlines, ConnectionsPerAddress connections) {
        this.deadlines = deadlines;
        this.connections = connections;
        this.idle = new IdleLimit(config.idleTimeoutSeconds(), config.idleGraceSeconds());
        this.loginTimeoutSeconds = config.loginTimeoutSeconds();
        Passwords passwords = new Passwords(config.passwordIterations());
        LoginThrottle throttle = new LoginThrottle();
        LiveIndex live = new LiveIndex();
        Sequences sequences = new Sequences(store);
        this.outbox = new Outbox(config.maxQueuedBytesPerSession());
        Requires requires = new Requires(store, live, outbox);
        this.sessions = new Sessions(store, registry, live, config.presenceListLimit(), outbox, fileSessions, idle);
        this.delivery = new MessageDelivery(store, sequences, live, outbox);
        Replay replay = new Replay(store, sequences, live, new RoomTopics(store), outbox);
        this.login = new LoginHandler(config, store, passwords, throttle, sessions, replay, outbox, authExecutor, this::handleHeldFrames);
        this.handlers = new FrameHandlers(outbox)
            .anyTime(Frame.Hello.class, new HelloHandler(config, filePort, outbox))
            .anyTime(Frame.Login.class, login)
            .loggedIn(Frame.Send.class, new SendHandler(store, sequences, live, sessions, delivery, outbox, config.maxMessagesPerSecond()))
            .loggedIn(Frame.History.class, new HistoryHandler(store, requires, outbox, config.maxFrameBytes()))
            .loggedIn(Frame.Read.class, new ReadHandler(store, sequences, live, requires, outbox))
            .loggedIn(Frame.Typing.class, new TypingHandler(live, requires, outbox))
            .loggedIn(Frame.Presence.class, new StatusHandler(sessions, outbox))
            .loggedIn(Frame.RoomCreate.class, new RoomCreateHandler(store, sequences, live, requires, outbox))
            .loggedIn(Frame.RoomJoin.class, new RoomJoinHandler(store, sequences, live, requires, outbox))
            .loggedIn(Frame.RoomLeave.class, new RoomLeaveHandler(store, sequences, live, requires, outbox))
            .loggedIn(Frame.RoomList.class, new RoomListHandler(store, live, outbox))
            .anyTime(Frame.Admin.class, new AdminHandler(store, passwords, throttle, adminSecret, sessions, outbox))
            .anyTime(Frame.Ping.class, new PingHandler(outbox))
            .anyTime(Frame.Pong.class, new PongHandler())
            .anyTime(Frame.Logout.class, new LogoutHandler(sessions));
    }

    /** Stores what is queued and stops the message writer and the presence thread. */
    public void close() {
        delivery.close();
        sessions.close();
    }

    /** The handler frames of {@code type} go to; null if clients may not send them. */
    FrameHandler<?> handlerOf(Class<? extends Frame> type) {
        return handlers.handlerOf(type);
    }

    /** Counts the connection in (or marks it as one too many) before anything else happens on it. */
    @Override
    public void sessionCreated(IoSession session) {
        connections.admit(session);
    }

    /**
     * The login deadline runs from the connection, whatever arrives meanwhile (a hello resent now and then, or a frame
     * trickled a byte at a time, does not extend it). A login being checked when it passes gets until its check ends.
     * A connection beyond its address's limit is told so and closed.
     */
    @Override
    public void sessionOpened(IoSession session) {
        if (connections.overLimit(session)) {
            connections.refuse(session, deadlines, error -> outbox.refuse(session, null, error.code(), error.message(), true));
            return;
        }
        loginDeadline(session, loginTimeoutSeconds * 1000L);
    }

    @Override
    public void event(IoSession session, FilterEvent event) {
        if (event == SslEvent.SECURED) {
            connections.secured(session);
        }
    }

    private void loginDeadline(IoSession session, long delayMillis) {
        deadlines.after(delayMillis, () -> {
            SessionState state = SessionState.of(session);
            if (session.isClosing() || state.loggedIn() || state.ending()) {
                return;
            }
            if (state.loginInProgress()) {
                loginDeadline(session, 1000);
                return;
            }
            outbox.refuse(session, null, ErrorCodes.NOT_READY, "log in within " + loginTimeoutSeconds + " seconds of connecting", true);
        });
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        idle.received(session, IdleStatus.READER_IDLE);
        SessionState state = SessionState.of(session);
        if (state.ending()) {
            return;
        }
        if (!(message instanceof Frame frame)) {
            outbox.refuse(session, null, ErrorCodes.UNEXPECTED_DATA, "binary frames belong to the file connection", true);
            return;
        }
        switch (state.hold(frame)) {
            case HELD -> { }
            case FULL -> outbox.refuse(session, null, ErrorCodes.NOT_READY, "wait for the login to complete", true);
            case NOT_HELD -> handle(session, state, frame);
        }
    }

    private void handle(IoSession session, SessionState state, Frame frame) {
        if (state.ending()) {
            return;
        }
        try {
            handlers.dispatch(session, state, frame);
        } catch (StoreException e) {
            LOG.error("database failure while handling {} from {}", frame.getClass().getSimpleName(), state.user(), e);
            outbox.refuse(session, FrameHandlers.requestId(frame), ErrorCodes.SERVER_ERROR, "the server could not store or read that; try again", false);
        }
    }

    /** Handles what arrived during the login, in order, then lets frames through directly again. */
    private void handleHeldFrames(IoSession session) {
        SessionState state = SessionState.of(session);
        Frame next;
        while ((next = state.nextHeldOrLoginDone()) != null) {
            if (next instanceof Frame.Login another && !state.ending()) {
                if (login.start(session, state, another)) {
                    return; // that login drains the rest when it is done
                }
                continue;
            }
            handle(session, state, next);
        }
    }

    /** Tells every logged-in user that the shared folder changed. */
    public void fileChanged(Frame.FileEvent event) {
        outbox.broadcast(event, sessions.all(), null);
    }

    @Override
    public void sessionClosed(IoSession session) {
        connections.release(session);
        sessions.closed(session);
    }

    /**
     * A logged-in session that sent nothing for the idle period is pinged, and ended if it does not answer in time. A
     * session that is ending anyway (after an error, a kick, or as a slow consumer, whose writes stopped moving) is
     * closed now. Before the login the login deadline is what ends a silent connection.
     */
    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        SessionState state = SessionState.of(session);
        if (state.ending() || status == IdleStatus.WRITER_IDLE) {
            LOG.debug("closing {} ({}): it is ending and nothing moves", session.getRemoteAddress(), state.user());
            session.closeNow();
            return;
        }
        if (!state.loggedIn() || status != IdleStatus.READER_IDLE) {
            return; // the login deadline ends it
        }
        switch (idle.idle(session, status)) {
            case PING -> outbox.write(session, idle.ping());
            case END -> {
                LOG.info("closing {} ({}): {}", session.getRemoteAddress(), state.user(), idle.why());
                outbox.refuse(session, null, ErrorCodes.IDLE_TIMEOUT, idle.why(), true);
            }
        }
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Throwable root = cause instanceof ProtocolDecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof FrameTooLargeException tooLarge) {
            LOG.warn("{}: {}; closing", session.getRemoteAddress(), tooLarge.getMessage());
            outbox.refuse(session, null, ErrorCodes.FRAME_TOO_LARGE, tooLarge.getMessage(), true);
        } else if (root instanceof MalformedFrameException malformed) {
            LOG.warn("{}: malformed frame ({}); closing", session.getRemoteAddress(),
                malformed.getCause() == null ? malformed.getMessage() : malformed.getMessage() + ": " + malformed.getCause().getMessage());
            outbox.refuse(session, null, ErrorCodes.MALFORMED_FRAME, malformed.getMessage(), true);
        } else if (root instanceof IOException) {
            LOG.debug("{}: connection error: {}", session.getRemoteAddress(), root.toString());
            session.closeNow();
        } else {
            LOG.error("{}: unexpected error; closing the session", session.getRemoteAddress(), root);
            session.closeNow();
        }
    }
}
