package org.chatnow.protocol;

/** A frame payload that is not a JSON object of a known frame type. */
public class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
