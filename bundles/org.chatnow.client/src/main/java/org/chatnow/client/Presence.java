package org.chatnow.client;

/** A user's presence. */
public enum Presence {
    ONLINE, AWAY, OFFLINE;

    /** The presence named by a protocol word ("online", "away", "offline"); unknown words count as online. */
    public static Presence of(String word) {
        if (word == null) {
            return ONLINE;
        }
        return switch (word) {
            case "away" -> AWAY;
            case "offline" -> OFFLINE;
            default -> ONLINE;
        };
    }
}
