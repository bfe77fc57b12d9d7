package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/**
 * Handles one kind of client frame, comparable to a servlet: a handler is a record of the shared services it uses and
 * keeps no state of its own; what it knows about the connection is in {@link SessionState}.
 */
@FunctionalInterface
interface FrameHandler<F extends Frame> {

    /**
     * Handles {@code frame} from {@code session}. {@code user} is the session's user when the frame was dispatched
     * (null before the login), so a handler works for the user it started with even if the session is taken over
     * meanwhile. A {@link org.chatnow.server.store.StoreException} is answered by the dispatcher.
     */
    void handle(IoSession session, SessionState state, String user, F frame);
}
