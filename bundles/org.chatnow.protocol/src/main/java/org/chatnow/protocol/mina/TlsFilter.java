package org.chatnow.protocol.mina;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.apache.mina.filter.ssl.SslFilter;
import org.chatnow.protocol.tls.Tls;

/**
 * MINA's {@link SslFilter} for either end, speaking only {@link Tls#PROTOCOLS}. A write to a session whose TLS has
 * already been torn down (the peer closed while a presence update or a reply was on its way) fails that write as a
 * write to a closed session, as on a plain connection, where MINA's filter would throw a NullPointerException.
 */
public class TlsFilter extends SslFilter {

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
}
