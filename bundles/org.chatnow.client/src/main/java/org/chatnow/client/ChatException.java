package org.chatnow.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.chatnow.protocol.ErrorCodes;

/**
 * A request the server refused, or a connection that failed. {@link #code()} is one of the codes below: the protocol's
 * error codes (docs/protocol.md, section 13) and {@link #UNREACHABLE}, {@link #OFFLINE}, {@link #TIMEOUT},
 * {@link #UNTRUSTED_CERTIFICATE}, {@link #CANCELLED} and {@link #UNEXPECTED} for failures on this side. A newer server may send codes not listed here;
 * treat an unknown code as a refusal whose {@link #getMessage()} says why.
 * <p>
 * Futures of the API fail with a {@code ChatException}, which {@link java.util.concurrent.CompletableFuture#join()} and {@code get()} wrap;
 * {@link #of(Throwable)} unwraps any of them.
 */
public class ChatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The server could not be reached or the connection broke. */
    public static final String UNREACHABLE = "unreachable";
    /** A request that needs an online session, made while offline (or the session ended before the answer). */
    public static final String OFFLINE = "offline";
    /** A request the server did not answer in time. */
    public static final String TIMEOUT = "timeout";
    /** A request or transfer cancelled on this side. */
    public static final String CANCELLED = "cancelled";
    /**
     * The server's TLS certificate is neither trusted by the system nor pinned, or differs from the pinned one: the
     * exception is an {@link UntrustedServerException} with the fingerprints.
     */
    public static final String UNTRUSTED_CERTIFICATE = "untrusted_certificate";
    /**
     * The connection ended before the server's greeting in a way that says the server speaks the other transport: a
     * failed TLS handshake (a plain TCP server, or no common protocol), or a plain connection closed at once (a server
     * that requires TLS). Offer the other transport; never switch to plain TCP without asking.
     */
    public static final String TRANSPORT_MISMATCH = "transport_mismatch";
    /** A failure on this side that is none of the above (a local file that cannot be read, a bug). */
    public static final String UNEXPECTED = "unexpected";

    /** Wrong user name or password, or an unknown or expired resume token. */
    public static final String AUTH_FAILED = ErrorCodes.AUTH_FAILED;
    /** A new account needs a longer password. */
    public static final String WEAK_PASSWORD = ErrorCodes.WEAK_PASSWORD;
    /** Too many attempts; the message says when to try again. */
    public static final String RATE_LIMITED = ErrorCodes.RATE_LIMITED;
    /** The account is banned. */
    public static final String BANNED = ErrorCodes.BANNED;
    /** A user or room name that breaks the naming rules. */
    public static final String INVALID_NAME = ErrorCodes.INVALID_NAME;
    /** A request with a missing or invalid field. */
    public static final String INVALID_REQUEST = ErrorCodes.INVALID_REQUEST;
    /** A request that needs a login first. */
    public static final String NOT_READY = ErrorCodes.NOT_READY;
    /** A message that is empty, only white space or too long. */
    public static final String INVALID_MESSAGE = ErrorCodes.INVALID_MESSAGE;
    /** A conversation that does not exist or that the user is not in. */
    public static final String UNKNOWN_CONVERSATION = ErrorCodes.UNKNOWN_CONVERSATION;
    /** A private conversation with oneself. */
    public static final String SELF_CONVERSATION = ErrorCodes.SELF_CONVERSATION;
    /** A user that has no account. */
    public static final String UNKNOWN_USER = ErrorCodes.UNKNOWN_USER;
    /** A room that exists already. */
    public static final String ROOM_EXISTS = ErrorCodes.ROOM_EXISTS;
    /** A room that is not there. */
    public static final String UNKNOWN_ROOM = ErrorCodes.UNKNOWN_ROOM;
    /** The default room cannot be left. */
    public static final String CANNOT_LEAVE = ErrorCodes.CANNOT_LEAVE;
    /** Not allowed for this user (admin actions, deleting someone else's file). */
    public static final String FORBIDDEN = ErrorCodes.FORBIDDEN;
    /** An account that exists already. */
    public static final String ACCOUNT_EXISTS = ErrorCodes.ACCOUNT_EXISTS;
    /** A file name that breaks the rules. */
    public static final String INVALID_FILE_NAME = ErrorCodes.INVALID_FILE_NAME;
    /** A file larger than the server's per-file limit. */
    public static final String FILE_TOO_LARGE = ErrorCodes.FILE_TOO_LARGE;
    /** An upload that would take the user over their quota. */
    public static final String QUOTA_EXCEEDED = ErrorCodes.QUOTA_EXCEEDED;
    /** The transferred bytes do not match the announced SHA-256. */
    public static final String CHECKSUM_MISMATCH = ErrorCodes.CHECKSUM_MISMATCH;
    /** No such file (or an attachment the user may not read). */
    public static final String UNKNOWN_FILE = ErrorCodes.UNKNOWN_FILE;
    /** The server could not carry the request out (e.g. its database failed); it may be sent again. */
    public static final String SERVER_ERROR = ErrorCodes.SERVER_ERROR;

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

    /** Whether this failure has {@code code}. */
    public boolean is(String code) {
        return this.code.equals(code);
    }

    /**
     * The {@code ChatException} behind {@code error}, as a future of the API or {@code join()}/{@code get()} report
     * it: {@link CompletionException} and {@link ExecutionException} are unwrapped; a cancellation becomes
     * {@link #CANCELLED}; anything else becomes {@link #UNEXPECTED} with it as the cause.
     */
    public static ChatException of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ChatException chat) {
            return chat;
        }
        if (t instanceof CancellationException) {
            return new ChatException(CANCELLED, "cancelled", t);
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new ChatException(UNEXPECTED, message, t);
    }
}
