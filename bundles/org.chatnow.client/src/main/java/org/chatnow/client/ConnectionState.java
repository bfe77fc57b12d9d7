package org.chatnow.client;

/** Where a {@link ChatClient} stands. */
public enum ConnectionState {
    /** Not connected. */
    OFFLINE,
    /** Connecting and logging in. */
    CONNECTING,
    /** Logged in. */
    ONLINE,
    /** The connection was lost; the client is trying again by itself (see {@link ChatClient#nextReconnect()}). */
    RECONNECTING,
    /** Ended by the server (the account logged in elsewhere, or an admin removed it); the client stays offline. */
    KICKED
}
