package org.chatnow.client;

/** How a {@link ChatClient} reaches its server: both the chat and the file connections use it. */
public enum Transport {
    /** TLS 1.3 (or 1.2), the server's certificate trusted by the system or pinned ({@link KnownServers}). */
    TLS,
    /** Plain TCP: nothing is encrypted or authenticated. Only when asked for. */
    PLAINTEXT;

    /** What a new client uses until {@link ChatClient#setTransport} says otherwise (the CLI's default follows it). */
    public static final Transport DEFAULT = TLS;
}
