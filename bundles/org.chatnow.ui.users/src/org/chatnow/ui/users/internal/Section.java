package org.chatnow.ui.users.internal;

/** The two parts of the users view. */
enum Section {
    ROOMS, PEOPLE
}
