package org.chatnow.server.internal;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.mina.core.session.IoSession;

/** The single-node registry. */
public final class InMemorySessionRegistry implements SessionRegistry {
    private final ConcurrentMap<String, IoSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Optional<IoSession> bind(String user, IoSession session) {
        return Optional.ofNullable(sessions.put(user, session)).filter(previous -> previous != session);
    }

    @Override
    public boolean unbind(String user, IoSession session) {
        return sessions.remove(user, session);
    }

    @Override
    public Optional<IoSession> session(String user) {
        return Optional.ofNullable(sessions.get(user));
    }

    @Override
    public Collection<IoSession> localSessions() {
        return sessions.values();
    }
}
