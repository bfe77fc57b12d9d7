package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;

/** {@code typing}: tells the conversation's other live sessions who is typing; nothing is stored. */
record TypingHandler(LiveIndex live, Requires requires, Outbox outbox) implements FrameHandler<Frame.Typing> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Typing typing) {
        if (!requires.member(session, null, typing.conversation())) {
            return;
        }
        outbox.broadcast(new Frame.Typing(typing.conversation(), user, typing.active()), live.sessions(typing.conversation()), session);
    }
}
