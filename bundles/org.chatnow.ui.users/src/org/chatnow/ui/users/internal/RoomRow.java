package org.chatnow.ui.users.internal;

import org.chatnow.client.Conversations;

/** A room the user is in, with its topic and (when known) how many members it has. */
public final class RoomRow {
    private final String name;
    private final String topic;
    private final int members;

    RoomRow(String name, String topic, int members) {
        this.name = name;
        this.topic = topic;
        this.members = members;
    }

    public String name() {
        return name;
    }

    String topic() {
        return topic;
    }

    /** Member count, or -1 while not known. */
    int members() {
        return members;
    }

    public String conversation() {
        return Conversations.room(name);
    }

    boolean isLobby() {
        return Conversations.LOBBY.equals(conversation());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoomRow r && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "#" + name;
    }
}
