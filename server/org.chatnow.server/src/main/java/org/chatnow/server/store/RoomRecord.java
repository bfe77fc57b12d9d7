package org.chatnow.server.store;

/** A room and its member count. */
public record RoomRecord(String name, String topic, int members) {
}
