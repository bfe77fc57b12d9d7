package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.Frame;
import org.chatnow.server.store.ChatStore;

/** {@code read}: moves the user's read position forward (never past the last message) and tells the other members. */
record ReadHandler(ChatStore store, Sequences sequences, LiveIndex live, Requires requires, Outbox outbox)
    implements FrameHandler<Frame.Read> {
    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Read read) {
        if (!requires.member(session, null, read.conversation())) {
            return;
        }
        Sequences.Sequence sequence = sequences.of(read.conversation());
        long seq;
        synchronized (sequence) {
            sequence.load();
            seq = Math.min(read.seq(), sequence.last);
        }
        if (seq > 0 && store.advanceRead(read.conversation(), user, seq)) {
            outbox.broadcast(new Frame.Read(read.conversation(), user, seq), live.sessions(read.conversation()), session);
        }
    }
}
