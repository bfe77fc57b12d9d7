package org.chatnow.server.store;

/** A message as stored: {@code seq} is its conversation's gap-free sequence number. */
public record StoredMessage(String conversation, long seq, String sender, String clientId, long time, String text) {
}
