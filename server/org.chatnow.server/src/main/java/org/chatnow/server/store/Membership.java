package org.chatnow.server.store;

/** An account's membership of a conversation and how far it has read. */
public record Membership(String conversation, long readSeq) {
}
