package org.chatnow.server.internal;

import org.chatnow.protocol.Frame;

/** Assigns each conversation's gap-free sequence numbers and keeps its messages. */
public interface MessageStore {

    /** Stores a message and returns it with its sequence number and server time. */
    Frame.Message append(String conversation, String from, String text);
}
