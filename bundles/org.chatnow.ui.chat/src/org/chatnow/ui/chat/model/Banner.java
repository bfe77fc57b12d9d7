package org.chatnow.ui.chat.model;

/** The line above the oldest message. */
public enum Banner {
    NONE,
    /** "Loading earlier messages…" */
    LOADING,
    /** Loading a page failed; scrolling up tries again. */
    FAILED,
    /** "This is the beginning of the conversation." */
    BEGINNING,
    /** "No messages yet." */
    EMPTY
}
