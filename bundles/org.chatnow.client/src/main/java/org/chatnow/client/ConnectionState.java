package org.chatnow.client;

/** Where a {@link ChatClient} stands. */
public enum ConnectionState {
    /** Not connected. */
    OFFLINE,
    /** Connecting and logging in. */
    CONNECTING,
    /** Logged in. */
    ONLINE,
    /** Ended by the server because the account logged in elsewhere; the client stays offline until told otherwise. */
    KICKED
}
