package org.chatnow.server.internal;

import java.util.Collection;
import java.util.Optional;

import org.apache.mina.core.session.IoSession;

/**
 * Who is logged in and through which session. Behind an interface so a clustered implementation can replace the
 * single-node one; callers never assume every user is connected to this process.
 */
public interface SessionRegistry {

    /** Binds {@code user} to {@code session}; returns the session it was bound to before, which the caller ends. */
    Optional<IoSession> bind(String user, IoSession session);

    /** Unbinds {@code user} if it is still bound to {@code session}; false if another session took it over. */
    boolean unbind(String user, IoSession session);

    /** The session of {@code user} on this node. */
    Optional<IoSession> session(String user);

    /** Sessions of every logged-in user on this node. */
    Collection<IoSession> localSessions();
}
