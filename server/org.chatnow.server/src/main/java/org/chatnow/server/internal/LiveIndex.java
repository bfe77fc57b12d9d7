package org.chatnow.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.mina.core.session.IoSession;

/**
 * Which sessions receive a conversation's new messages as they are stored. A session joins a conversation's set
 * once it has been sent everything stored before (under the conversation's lock), so it sees every message exactly
 * once and in order.
 */
final class LiveIndex {
    private final ConcurrentMap<String, Set<IoSession>> sessions = new ConcurrentHashMap<>();

    private static Set<String> conversationsOf(IoSession session) {
        return SessionState.of(session).liveConversations();
    }

    void add(String conversation, IoSession session) {
        sessions.computeIfAbsent(conversation, c -> ConcurrentHashMap.newKeySet()).add(session);
        conversationsOf(session).add(conversation);
    }

    void remove(String conversation, IoSession session) {
        Set<IoSession> set = sessions.get(conversation);
        if (set != null) {
            set.remove(session);
        }
        conversationsOf(session).remove(conversation);
    }

    void removeSession(IoSession session) {
        for (String conversation : conversationsOf(session)) {
            Set<IoSession> set = sessions.get(conversation);
            if (set != null) {
                set.remove(session);
            }
        }
        conversationsOf(session).clear();
    }

    Set<IoSession> sessions(String conversation) {
        Set<IoSession> set = sessions.get(conversation);
        return set == null ? Set.of() : set;
    }

    boolean contains(IoSession session, String conversation) {
        return conversationsOf(session).contains(conversation);
    }
}
