package org.chatnow.server.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;

/**
 * Which handler takes each kind of client frame, and whether it needs a logged-in session. Adding a request kind
 * means adding its record to {@link Frame} and registering its handler here; nothing else changes.
 */
final class FrameHandlers {
    private record Route<F extends Frame>(Class<F> type, FrameHandler<F> handler, boolean loginRequired) {
        void handle(IoSession session, SessionState state, String user, Frame frame) {
            handler.handle(session, state, user, type.cast(frame));
        }
    }

    private final Map<Class<? extends Frame>, Route<?>> routes = new HashMap<>();
    private final Outbox outbox;

    FrameHandlers(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Frames of {@code type} go to {@code handler} whether or not the session is logged in. */
    <F extends Frame> FrameHandlers anyTime(Class<F> type, FrameHandler<F> handler) {
        return add(new Route<>(type, handler, false));
    }

    /** Frames of {@code type} go to {@code handler} once the session is logged in; before, they are refused. */
    <F extends Frame> FrameHandlers loggedIn(Class<F> type, FrameHandler<F> handler) {
        return add(new Route<>(type, handler, true));
    }

    private FrameHandlers add(Route<?> route) {
        if (routes.putIfAbsent(route.type(), route) != null) {
            throw new IllegalStateException("two handlers for " + route.type().getSimpleName());
        }
        return this;
    }

    /** The handler of {@code type}, or null if clients may not send it. */
    FrameHandler<?> handlerOf(Class<? extends Frame> type) {
        Route<?> route = routes.get(type);
        return route == null ? null : route.handler();
    }

    /** Hands {@code frame} to its handler; refuses a frame clients may not send, and a request that needs a login before it. */
    void dispatch(IoSession session, SessionState state, Frame frame) {
        Route<?> route = routes.get(frame.getClass());
        if (route == null) {
            outbox.refuse(session, null, ErrorCodes.MALFORMED_FRAME,
                "a client may not send '" + FrameJson.typeName(frame) + "' frames", true);
            return;
        }
        String user = state.user();
        if (route.loginRequired() && user == null) {
            outbox.refuse(session, requestId(frame), ErrorCodes.NOT_READY, "log in first", false);
            return;
        }
        route.handle(session, state, user, frame);
    }

    /** The client's id of the request in {@code frame}, or null if it carries none. */
    static String requestId(Frame frame) {
        return frame instanceof Frame.Request request ? request.id() : null;
    }
}
