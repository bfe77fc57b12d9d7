package org.chatnow.protocol;

/** The {@code code} values of {@link Frame.Error}. */
public final class ErrorCodes {
    /** A frame longer than the server's limit; the connection is closed. */
    public static final String FRAME_TOO_LARGE = "frame_too_large";
    /** A request with a missing or invalid field; the connection stays open. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** An account that exists already (admin create_account). */
    public static final String ACCOUNT_EXISTS = "account_exists";
    /** A frame that is not a JSON object of a known type; the connection is closed. */
    public static final String MALFORMED_FRAME = "malformed_frame";
    /** The client's protocol version is not spoken by the server; the connection is closed. */
    public static final String UNSUPPORTED_VERSION = "unsupported_version";
    /** A request that needs {@code hello} or {@code login} first (or came too late to log in). */
    public static final String NOT_READY = "not_ready";
    /** A user or room name that breaks the naming rules. */
    public static final String INVALID_NAME = "invalid_name";
    /** Wrong user name or password, or an unknown or expired resume token. */
    public static final String AUTH_FAILED = "auth_failed";
    /** A new account needs a password of at least {@link Limits#MIN_PASSWORD_CHARS} characters. */
    public static final String WEAK_PASSWORD = "weak_password";
    /** Too many failed logins from this address or for this account; {@code retryAfter} says when to try again. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The account is banned. */
    public static final String BANNED = "banned";
    /** A message that is empty, only white space, longer than {@link Limits#MAX_TEXT_CHARS}, or holds NUL. */
    public static final String INVALID_MESSAGE = "invalid_message";
    /** A conversation that does not exist or that the user is not a member of. */
    public static final String UNKNOWN_CONVERSATION = "unknown_conversation";
    /** A private conversation with oneself. */
    public static final String SELF_CONVERSATION = "self_conversation";
    /** A user that has no account. */
    public static final String UNKNOWN_USER = "unknown_user";
    /** A room that exists already (create). */
    public static final String ROOM_EXISTS = "room_exists";
    /** A room that is not there (join, leave). */
    public static final String UNKNOWN_ROOM = "unknown_room";
    /** The default room cannot be left. */
    public static final String CANNOT_LEAVE = "cannot_leave";
    /** An admin action by someone who is neither an admin nor holds the admin secret. */
    public static final String FORBIDDEN = "forbidden";
    /** A file name that breaks the rules (path separators, control characters, reserved names, not NFC, ...). */
    public static final String INVALID_FILE_NAME = "invalid_file_name";
    /** A file larger than the server's per-file limit. */
    public static final String FILE_TOO_LARGE = "file_too_large";
    /** An upload that would take the user over their quota. */
    public static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** The uploaded bytes do not match the announced SHA-256 (the partial upload is discarded). */
    public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
    /** No such file in the shared folder. */
    public static final String UNKNOWN_FILE = "unknown_file";
    /** Binary data that no upload expects, or more than announced; the connection is closed. */
    public static final String UNEXPECTED_DATA = "unexpected_data";
    /**
     * The connection did not read what it was sent and more than the server's limit is waiting: this error is the
     * last frame, the connection closes after it (or without it being read, if the client does not read on).
     */
    public static final String SLOW_CONSUMER = "slow_consumer";
    /**
     * The connection's address has as many connections open (chat and file connections together) as the server allows
     * one address; the connection is closed after this error.
     */
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    /**
     * Nothing was received on the connection for the server's idle period, nor within its grace period after the
     * server's {@code ping}; the connection is closed after this error.
     */
    public static final String IDLE_TIMEOUT = "idle_timeout";
    /** A request the server could not carry out (e.g. its database failed); nothing was stored. */
    public static final String SERVER_ERROR = "server_error";

    private ErrorCodes() {
    }
}
