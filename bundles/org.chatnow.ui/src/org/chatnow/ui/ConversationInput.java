package org.chatnow.ui;

/**
 * An editor input that shows one conversation. Bundles that need to know which conversation an editor shows (for
 * example to tell whether it is visible) ask for this instead of depending on the chat bundle's classes.
 */
public interface ConversationInput {

    /** The conversation id, e.g. "room:lobby" or "dm:alice:bob". */
    String conversation();
}
