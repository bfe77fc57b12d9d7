package org.chatnow.ui.chat.model;

/**
 * A page of history the timeline wants: {@code limit} messages before {@code before} (0: the newest). Answer it with
 * {@link ConversationTimeline#pageArrived} or {@link ConversationTimeline#pageFailed}; a page asked for in an older
 * {@code generation} is dropped, since the timeline started afresh meanwhile.
 */
public record PageRequest(long before, int limit, int generation) {
    /** True for the newest page, which is merged at both ends; older pages only go above. */
    public boolean newest() {
        return before == 0;
    }
}
