package org.chatnow.protocol;

/** The {@code code} values of {@link Frame.Error}. */
public final class ErrorCodes {
    /** A frame longer than the server's limit; the connection is closed. */
    public static final String FRAME_TOO_LARGE = "frame_too_large";
    /** A frame that is not a JSON object of a known type; the connection is closed. */
    public static final String MALFORMED_FRAME = "malformed_frame";
    /** The client's protocol version is not spoken by the server; the connection is closed. */
    public static final String UNSUPPORTED_VERSION = "unsupported_version";
    /** A request that needs {@code hello} or {@code login} first. */
    public static final String NOT_READY = "not_ready";
    /** A user name that breaks the naming rules. */
    public static final String INVALID_NAME = "invalid_name";
    /** A message that is empty or longer than {@link Limits#MAX_TEXT_CHARS}. */
    public static final String INVALID_MESSAGE = "invalid_message";
    /** A conversation that does not exist or that the user is not a member of. */
    public static final String UNKNOWN_CONVERSATION = "unknown_conversation";

    private ErrorCodes() {
    }
}
