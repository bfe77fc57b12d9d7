package org.chatnow.server.internal;

import java.util.Optional;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.StoredMessage;

/**
 * {@code send}: checks a message, numbers it under its conversation's lock and queues it for the group commit;
 * the first message of a private conversation makes both parties members. A request id seen before is answered
 * with the number it got then, and not stored again.
 */
record SendHandler(ChatStore store, Sequences sequences, LiveIndex live, Sessions sessions, MessageDelivery delivery,
    Outbox outbox, int maxMessagesPerSecond) implements FrameHandler<Frame.Send> {
    /** How long after a login a session's requests are checked against stored request ids (resends follow a reconnect). */
    static final long RESEND_WINDOW_MILLIS = 5 * 60_000L;
    static final int MAX_REQUEST_ID_CHARS = 64;

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Send send) {
        String text = send.text();
        if (text == null || text.isBlank() || text.length() > Limits.MAX_TEXT_CHARS) {
            outbox.refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE, "a message has 1 to " + Limits.MAX_TEXT_CHARS + " characters", false);
            return;
        }
        if (text.indexOf('\u0000') >= 0) {
            outbox.refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE, "a message cannot contain the NUL character", false);
            return;
        }
        if (!Requires.validUnicode(text)) {
            // JSON can escape half a character (\\ud800); relayed, it breaks every strict client that reads it
            outbox.refuse(session, send.id(), ErrorCodes.INVALID_MESSAGE, "a message must be valid Unicode (it holds half of a surrogate pair)", false);
            return;
        }
        if (maxMessagesPerSecond > 0) {
            long waitMillis = state.takeSendToken(maxMessagesPerSecond, System.nanoTime());
            if (waitMillis > 0) {
                outbox.rateLimited(session, send.id(), "more than " + maxMessagesPerSecond + " messages a second", waitMillis);
                return;
            }
        }
        if (send.id() != null && send.id().length() > MAX_REQUEST_ID_CHARS) {
            outbox.refuse(session, send.id(), ErrorCodes.INVALID_REQUEST, "a request id has at most " + MAX_REQUEST_ID_CHARS + " characters", false);
            return;
        }
        String conversation = send.conversation();
        if (conversation == null) {
            outbox.refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION, "the message names no conversation", false);
            return;
        }
        String peer = null;
        if (!live.contains(session, conversation)) {
            peer = newPeer(session, user, send);
            if (peer == null) {
                return;
            }
        }
        if (send.id() != null && duplicate(session, state, send, user)) {
            return;
        }
        delivery.throttle();
        Sequences.Sequence sequence = sequences.of(conversation);
        synchronized (sequence) {
            sequence.load();
            if (peer != null) {
                // the first message of a private conversation on this session: both parties become members
                store.addMember(conversation, user, sequence.last);
                store.addMember(conversation, peer, 0);
                live.add(conversation, session);
                IoSession peerSession = sessions.readySession(peer).orElse(null);
                if (peerSession != null) {
                    live.add(conversation, peerSession);
                }
                sessions.contacts(user, session, peer, peerSession);
            }
            long seq = ++sequence.last;
            delivery.submit(new MessageWriter.Pending(
                new StoredMessage(conversation, seq, user, send.id(), System.currentTimeMillis(), text), sequence.epoch, session, send.id()));
        }
    }

    /**
     * The other party of a private conversation the session is not live in yet (a new one, or one the peer started
     * since the login); null, after refusing, if the conversation is not the user's to write to.
     */
    private String newPeer(IoSession session, String user, Frame.Send send) {
        String conversation = send.conversation();
        if (!Conversations.isDirect(conversation)) {
            outbox.refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION, "you are not in " + conversation, false);
            return null;
        }
        if (conversation.equals("dm:" + user + ":" + user)) {
            outbox.refuse(session, send.id(), ErrorCodes.SELF_CONVERSATION, "you cannot start a private chat with yourself", false);
            return null;
        }
        String peer = Conversations.peer(conversation, user);
        if (peer == null) {
            outbox.refuse(session, send.id(), ErrorCodes.UNKNOWN_CONVERSATION,
                "a private conversation of yours is named dm:<a>:<b>, you being a or b and a sorting before b", false);
            return null;
        }
        if (store.findAccount(peer).isEmpty()) {
            outbox.refuse(session, send.id(), ErrorCodes.UNKNOWN_USER, "there is no user named " + peer, false);
            return null;
        }
        return peer;
    }

    /**
     * Whether {@code send} repeats a request already stored or waiting to be (a client resending after a lost ack);
     * if so it has been answered. Stored requests are looked up only shortly after a login, when resends happen.
     */
    private boolean duplicate(IoSession session, SessionState state, Frame.Send send, String user) {
        MessageWriter.Pending waiting = delivery.waiting(user, send.id());
        if (waiting != null) {
            if (!waiting.message.conversation().equals(send.conversation())) {
                refuseReusedId(session, send);
                return true;
            }
            if (waiting.alsoAck(session, send.id())) {
                return true;
            }
        }
        if (waiting == null && System.currentTimeMillis() - state.loggedInAt() > RESEND_WINDOW_MILLIS) {
            return false;
        }
        Optional<StoredMessage> stored = store.findByClientId(user, send.id());
        if (stored.isEmpty()) {
            return false;
        }
        if (!stored.get().conversation().equals(send.conversation())) {
            refuseReusedId(session, send);
        } else {
            outbox.write(session, new Frame.Ack(send.id(), send.conversation(), stored.get().seq()));
        }
        return true;
    }

    private void refuseReusedId(IoSession session, Frame.Send send) {
        outbox.refuse(session, send.id(), ErrorCodes.INVALID_REQUEST, "request id " + send.id() + " was used for another message; use a new id", false);
    }
}
