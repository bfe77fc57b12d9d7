package org.chatnow.protocol.mina;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.chatnow.protocol.Limits;

/** The one codec of the chat protocol, used by the server and the client alike. */
public final class ChatCodecFactory implements ProtocolCodecFactory {
    private final int maxPayloadBytes;

    public ChatCodecFactory() {
        this(Limits.MAX_FRAME_BYTES);
    }

    public ChatCodecFactory(int maxPayloadBytes) {
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("frame limit too small: " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** A filter to add to a session's chain under the name "codec". */
    public static ProtocolCodecFilter filter(int maxPayloadBytes) {
        return new ProtocolCodecFilter(new ChatCodecFactory(maxPayloadBytes));
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return new FrameEncoder(maxPayloadBytes);
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return new FrameDecoder(maxPayloadBytes);
    }
}
