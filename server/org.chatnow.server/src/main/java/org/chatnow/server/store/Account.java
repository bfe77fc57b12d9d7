package org.chatnow.server.store;

/** An account; {@code passwordHash} is in the format of {@link org.chatnow.server.internal.Passwords}. */
public record Account(String name, String passwordHash, boolean admin, boolean banned, long createdAt) {
}
