package org.chatnow.client;

/**
 * A server whose TLS certificate is neither trusted by the system for its host name nor the one pinned for it
 * ({@link KnownServers}). {@link #presented()} is the fingerprint the server showed; when a different one was pinned,
 * {@link #changed()} is true and {@link #pinned()} holds it: the certificate was replaced, or someone is in between.
 * Show both to the user; pin the presented one only if they confirm it (e.g. with the server's administrator), then
 * connect again.
 */
public class UntrustedServerException extends ChatException {
    private static final long serialVersionUID = 1L;

    private final ServerAddress server;
    private final String presented;
    private final String pinned;

    /** {@code why}: what the system trust said about the certificate (may be null). */
    public UntrustedServerException(ServerAddress server, String presented, String pinned, String why) {
        super(UNTRUSTED_CERTIFICATE, message(server, presented, pinned, why));
        this.server = server;
        this.presented = presented;
        this.pinned = pinned;
    }

    private static String message(ServerAddress server, String presented, String pinned, String why) {
        if (pinned != null) {
            return "the TLS certificate of " + server + " has CHANGED: it presents SHA-256 " + presented
                + " but " + pinned + " was pinned. Someone may be intercepting the connection; if the server's certificate "
                + "was really replaced, forget the old pin and trust the new fingerprint";
        }
        return "the TLS certificate of " + server + " is not trusted" + (why == null ? "" : " (" + why + ")")
            + "; its SHA-256 fingerprint is " + presented + ". Compare it with the one the server's administrator gives, "
            + "then trust it to connect";
    }

    /** The server (host and port) that presented the certificate. */
    public ServerAddress server() {
        return server;
    }

    /** The SHA-256 fingerprint of the certificate the server presented. */
    public String presented() {
        return presented;
    }

    /** The fingerprint pinned for the server, or null when none was. */
    public String pinned() {
        return pinned;
    }

    /** Whether a different certificate was pinned for this server. */
    public boolean changed() {
        return pinned != null;
    }
}
