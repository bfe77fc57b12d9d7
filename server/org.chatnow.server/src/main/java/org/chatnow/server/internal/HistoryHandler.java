package org.chatnow.server.internal;

import java.util.List;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoredMessage;

/** {@code history}: a page of older messages of a conversation the user is in, or a search of it. */
record HistoryHandler(ChatStore store, Requires requires, Outbox outbox, int maxFrameBytes)
    implements FrameHandler<Frame.History> {
    static final int DEFAULT_LIMIT = 50;

    /** The number of messages a request for {@code requested} gets: the default for none, at most {@link Limits#HISTORY_LIMIT}. */
    static int clampLimit(int requested) {
        return requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, Limits.HISTORY_LIMIT);
    }

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.History request) {
        if (!requires.member(session, request.id(), request.conversation())) {
            return;
        }
        int limit = clampLimit(request.limit());
        long before = request.before() <= 0 ? Long.MAX_VALUE : request.before();
        String query = request.query() == null ? null : request.query().strip();
        if (query != null && (query.isEmpty() || query.length() > Limits.MAX_QUERY_CHARS)) {
            outbox.refuse(session, request.id(), ErrorCodes.INVALID_REQUEST, "a search has 1 to " + Limits.MAX_QUERY_CHARS + " characters", false);
            return;
        }
        List<StoredMessage> page = query != null ? store.searchMessages(request.conversation(), query, before, limit + 1)
            : store.messagesBefore(request.conversation(), before, limit + 1);
        boolean more = page.size() > limit;
        int from = more ? 1 : 0;
        // keep the page well inside the frame limit: drop the oldest messages until it fits
        long budget = maxFrameBytes / 2;
        long size = 0;
        int start = page.size();
        while (start > from) {
            StoredMessage m = page.get(start - 1);
            long estimate = 96L + m.sender().length() + 6L * m.text().length();
            if (size + estimate > budget && start < page.size()) {
                more = true;
                break;
            }
            size += estimate;
            start--;
        }
        List<Frame.Message> messages = page.subList(start, page.size()).stream().map(Conversations::toFrame).toList();
        outbox.write(session, new Frame.HistoryPage(request.id(), request.conversation(), messages, more));
    }
}
