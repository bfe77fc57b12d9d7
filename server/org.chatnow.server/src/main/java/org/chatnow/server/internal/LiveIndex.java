package org.chatnow.server.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Which sessions receive a conversation's new messages as they are stored. A session joins a conversation's set
 * once it has been sent everything stored before (under the conversation's lock), so it sees every message exactly
 * once and in order.
 */
final class LiveIndex {
    private static final AttributeKey CONVERSATIONS = new AttributeKey(LiveIndex.class, "conversations");
    private final ConcurrentMap<String, Set<IoSession>> sessions = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static Set<String> conversationsOf(IoSession session) {
        Set<String> set = (Set<String>) session.getAttribute(CONVERSATIONS);
        if (set == null) {
            Set<String> created = ConcurrentHashMap.newKeySet();
            set = (Set<String>) session.setAttributeIfAbsent(CONVERSATIONS, created);
            if (set == null) {
                set = created;
            }
        }
        return set;
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
