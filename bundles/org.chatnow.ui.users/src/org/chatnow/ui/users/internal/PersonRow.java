package org.chatnow.ui.users.internal;

import org.chatnow.client.Presence;

/** A person in the users view: someone online, or someone offline the user has a private conversation with. */
public final class PersonRow {
    private final String user;
    private final Presence presence;
    private final boolean me;

    PersonRow(String user, Presence presence, boolean me) {
        this.user = user;
        this.presence = presence;
        this.me = me;
    }

    public String user() {
        return user;
    }

    Presence presence() {
        return presence;
    }

    boolean isMe() {
        return me;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PersonRow p && p.user.equals(user);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    @Override
    public String toString() {
        return user;
    }
}
