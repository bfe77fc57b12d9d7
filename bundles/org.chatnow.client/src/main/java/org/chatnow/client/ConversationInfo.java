package org.chatnow.client;

/**
 * A conversation the user is in.
 *
 * @param conversation its id
 * @param topic a room's topic, or null
 * @param lastSeq the newest sequence number the client knows of
 * @param readSeq how far the user has read
 */
public record ConversationInfo(String conversation, String topic, long lastSeq, long readSeq) {

    /** Messages the user has not read. */
    public long unread() {
        return Math.max(0, lastSeq - readSeq);
    }
}
