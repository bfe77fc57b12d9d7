package org.chatnow.client;

import java.time.Instant;

/**
 * A message as stored by the server.
 *
 * @param conversation e.g. {@link Conversations#LOBBY}
 * @param seq the conversation's server-assigned sequence number
 * @param from author's user name
 * @param time server time of storing
 * @param text the message
 * @param replayed true if it was stored while this client was away and is delivered now
 */
public record ChatMessage(String conversation, long seq, String from, Instant time, String text, boolean replayed) {
}
