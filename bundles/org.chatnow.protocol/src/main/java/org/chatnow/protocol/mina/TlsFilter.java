package org.chatnow.protocol.mina;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.apache.mina.filter.ssl.SslFilter;
import org.chatnow.protocol.tls.Tls;

/**
 * MINA's {@link SslFilter} for either end, speaking only {@link Tls#PROTOCOLS}. A write to a session whose TLS has
 * already been torn down (the peer closed while a presence update or a reply was on its way) fails that write as a
 * write to a closed session, as on a plain connection, where MINA's filter would throw a NullPointerException.
 * <p>
 * Received bytes are handed to MINA's TLS handler a few records at a time, cut at record boundaries. MINA (2.2.x)
 * decrypts one record per step into a new buffer sized for <em>everything still unread</em> in the buffer it was
 * given, so a large read (a file connection reads up to 1 MiB, about 64 records) cost a new buffer of up to that size
 * per record: tens of MiB allocated and zeroed per MiB received, the upload's bottleneck over TLS. Cut this way each
 * record's buffer is at most two records long. The cuts follow the record headers (5 bytes: type, version, length)
 * across reads; only once the handshake is done, so that no piece arrives while a handshake task is under way.
 */
public class TlsFilter extends SslFilter {
    /** Bytes handed to MINA's handler at once: a piece ends at the first record boundary past this. */
    static final int RECEIVE_PIECE_BYTES = 8 * 1024;
    private static final int RECORD_HEADER_BYTES = 5;
    private static final AttributeKey RECORDS = new AttributeKey(TlsFilter.class, "records");

    /** Where the received byte stream stands in its TLS records (one per session; used on its I/O thread only). */
    private static final class Records {
        /** Header bytes of the current record seen so far (0 to 4); 5 once the header is whole. */
        int headerBytes;
        /** The current record's length, as far as its header has been read. */
        int length;
        /** Body bytes of the current record still to come. */
        int bodyLeft;
    }

    public TlsFilter(SSLContext context) {
        super(context);
        setEnabledProtocols(Tls.PROTOCOLS);
    }

    @Override
    public void filterWrite(IoFilter.NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (session.getAttribute(SSL_HANDLER) == null) {
            request.getFuture().setException(new WriteToClosedSessionException(request));
            return;
        }
        super.filterWrite(next, session, request);
    }

    @Override
    public void messageReceived(IoFilter.NextFilter next, IoSession session, Object message) throws Exception {
        // during the handshake (delegated tasks may be under way) the bytes go on as they came; they are few
        if (!(message instanceof IoBuffer buffer) || buffer.remaining() <= RECEIVE_PIECE_BYTES
            || !session.containsAttribute(SSL_SECURED)) {
            if (message instanceof IoBuffer small) {
                track(session, small.buf(), small.position(), small.limit());
            }
            super.messageReceived(next, session, message);
            return;
        }
        int end = buffer.limit();
        int start = buffer.position();
        while (start < end) {
            int cut = nextCut(session, buffer.buf(), start, end);
            super.messageReceived(next, session, IoBuffer.wrap(buffer.buf().slice(start, cut - start)));
            start = cut;
        }
        buffer.position(end);
    }

    /** Follows the records through {@code bytes[from, to)} without cutting. */
    private static void track(IoSession session, java.nio.ByteBuffer bytes, int from, int to) {
        Records records = records(session);
        int at = from;
        while (at < to) {
            at = step(records, bytes, at, to);
        }
    }

    /**
     * The end of the next piece starting at {@code from}: the first record boundary at least
     * {@link #RECEIVE_PIECE_BYTES} past it, or {@code to}.
     */
    private static int nextCut(IoSession session, java.nio.ByteBuffer bytes, int from, int to) {
        Records records = records(session);
        int at = from;
        while (at < to) {
            at = step(records, bytes, at, to);
            if (records.headerBytes == 0 && at - from >= RECEIVE_PIECE_BYTES) {
                return at; // a record just ended
            }
        }
        return to;
    }

    /** Consumes header or body bytes of the current record from {@code at}; returns where it stopped. */
    private static int step(Records r, java.nio.ByteBuffer bytes, int at, int to) {
        if (r.headerBytes < RECORD_HEADER_BYTES) {
            int b = bytes.get(at) & 0xff;
            if (r.headerBytes == 3) {
                r.length = b << 8;
            } else if (r.headerBytes == 4) {
                r.length |= b;
                r.bodyLeft = r.length;
            }
            r.headerBytes++;
            at++;
            if (r.headerBytes == RECORD_HEADER_BYTES && r.bodyLeft == 0) {
                r.headerBytes = 0;
            }
            return at;
        }
        int n = Math.min(r.bodyLeft, to - at);
        r.bodyLeft -= n;
        if (r.bodyLeft == 0) {
            r.headerBytes = 0;
        }
        return at + n;
    }

    private static Records records(IoSession session) {
        Records records = (Records) session.getAttribute(RECORDS);
        if (records == null) {
            records = new Records();
            session.setAttribute(RECORDS, records);
        }
        return records;
    }
}
