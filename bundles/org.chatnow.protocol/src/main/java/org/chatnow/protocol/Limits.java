package org.chatnow.protocol;

import java.util.regex.Pattern;

/** Protocol constants shared by both ends. */
public final class Limits {
    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** The default TCP port of the chat service. */
    public static final int DEFAULT_PORT = 50007;
    /** Largest frame payload (JSON bytes, without the 4-byte length) either end accepts by default. */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    /** Longest chat message, in UTF-16 chars. */
    public static final int MAX_TEXT_CHARS = 16_000;
    /** User names: 1 to 32 letters, digits, '.', '_' or '-'. */
    public static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._-]{1,32}");
    /** The room every user is in: the group chat. */
    public static final String LOBBY = "room:lobby";

    private Limits() {
    }
}
