package org.chatnow.server.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.RoomRecord;

/** Room topics, set when a room is created and never changed: remembered after the first look-up. */
final class RoomTopics {
    private final ChatStore store;
    private final Map<String, Optional<String>> topics = new ConcurrentHashMap<>();

    RoomTopics(ChatStore store) {
        this.store = store;
    }

    /** The topic of {@code room}, or null if it has none or does not exist. */
    String topic(String room) {
        Optional<String> known = topics.get(room);
        if (known == null) {
            Optional<RoomRecord> record = store.findRoom(room);
            if (record.isEmpty()) {
                return null;
            }
            known = Optional.ofNullable(record.get().topic());
            topics.put(room, known);
        }
        return known.orElse(null);
    }
}
