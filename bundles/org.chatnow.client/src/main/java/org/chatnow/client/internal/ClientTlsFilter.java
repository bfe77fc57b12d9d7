package org.chatnow.client.internal;

import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.apache.mina.core.session.IoSession;
import org.chatnow.protocol.mina.TlsFilter;

/**
 * The protocol's {@link TlsFilter} with each connection's engine made by its {@link TlsPeer}: MINA's own engine would
 * name the peer by a reverse look-up of the connected address ({@code getHostName()}), not by the host the user asked
 * for, so SNI and the host-name check would be made against the wrong name, and it would share one context (and its
 * resumable sessions) among all servers.
 */
final class ClientTlsFilter extends TlsFilter {

    ClientTlsFilter() {
        super(unusedContext());
    }

    private static SSLContext unusedContext() {
        try {
            return SSLContext.getInstance("TLS"); // never initialised: every engine comes from the connection's TlsPeer
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress address) {
        TlsPeer peer = TlsPeer.of(session);
        if (peer == null) {
            throw new IllegalStateException("a TLS connection opened without its peer");
        }
        return peer.newEngine();
    }
}
