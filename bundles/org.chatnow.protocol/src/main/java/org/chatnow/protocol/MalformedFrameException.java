package org.chatnow.protocol;

/**
 * A frame payload that is not a JSON object of a known frame type. {@link #getMessage()} says what was wrong in the
 * protocol's terms (it goes to the peer in an error frame); {@link #getCause()}, when present, holds the parser's
 * own report, for the log only.
 */
public class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable detail) {
        super(message, detail);
    }
}
