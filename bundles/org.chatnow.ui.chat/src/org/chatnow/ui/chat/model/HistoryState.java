package org.chatnow.ui.chat.model;

/** How much of a conversation's history the timeline holds. */
public enum HistoryState {
    /** Nothing asked for yet (or asking failed before anything arrived): the next connection asks. */
    NOT_LOADED,
    /** A page is on its way. */
    LOADING,
    /** Older pages exist: scrolling to the top asks for the next. */
    MORE,
    /** The conversation's first message is shown. */
    COMPLETE
}
