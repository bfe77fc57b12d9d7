package org.chatnow.client;

/** A user online and their presence. */
public record UserPresence(String user, Presence presence) {
}
