package org.chatnow.client;

/** A request the server refused, or a connection that failed. {@link #code()} is the protocol's error code. */
public class ChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Code of a failure on this side: the server could not be reached or the connection broke. */
    public static final String UNREACHABLE = "unreachable";
    /** Code of a request that needs an online session. */
    public static final String OFFLINE = "offline";
    /** Code of a request the server did not answer in time. */
    public static final String TIMEOUT = "timeout";

    private final String code;

    public ChatException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ChatException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
