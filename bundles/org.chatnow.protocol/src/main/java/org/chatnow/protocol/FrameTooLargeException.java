package org.chatnow.protocol;

/** A frame whose announced length is negative or above the limit. */
public class FrameTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final long length;
    private final int limit;

    public FrameTooLargeException(long length, int limit) {
        super("frame of " + length + " bytes exceeds the limit of " + limit + " bytes");
        this.length = length;
        this.limit = limit;
    }

    public long length() {
        return length;
    }

    public int limit() {
        return limit;
    }
}
