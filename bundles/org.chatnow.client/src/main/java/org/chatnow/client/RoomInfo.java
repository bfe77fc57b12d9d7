package org.chatnow.client;

/** A room: name (without "room:"), topic, member count, and whether the user is a member. */
public record RoomInfo(String name, String topic, int members, boolean joined) {

    /** The room's conversation id. */
    public String conversation() {
        return Conversations.room(name);
    }
}
