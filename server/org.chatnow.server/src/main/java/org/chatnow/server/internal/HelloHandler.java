package org.chatnow.server.internal;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.Limits;
import org.chatnow.server.ServerConfig;

/** {@code hello}: checks the protocol version and answers with what the server accepts. */
record HelloHandler(ServerConfig config, Integer filePort, Outbox outbox) implements FrameHandler<Frame.Hello> {
    static final String SERVER_NAME = "ChatNow";

    @Override
    public void handle(IoSession session, SessionState state, String user, Frame.Hello hello) {
        if (hello.version() != Limits.PROTOCOL_VERSION) {
            outbox.refuse(session, null, ErrorCodes.UNSUPPORTED_VERSION,
                "this server speaks protocol version " + Limits.PROTOCOL_VERSION + ", not " + hello.version(), true);
            return;
        }
        state.greet();
        outbox.write(session, new Frame.Welcome(Limits.PROTOCOL_VERSION, SERVER_NAME, config.maxFrameBytes(),
            config.registrationOpen() ? Frame.Welcome.OPEN : Frame.Welcome.CLOSED, filePort));
    }
}
