package org.chatnow.protocol;

import java.util.Comparator;
import java.util.regex.Pattern;

/** Protocol constants shared by both ends. */
public final class Limits {
    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** The default TCP port of the chat service. */
    public static final int DEFAULT_PORT = 50007;
    /** The default TCP port of the file service (the shared folder). */
    public static final int DEFAULT_FILE_PORT = 50008;
    /** Largest frame payload (JSON bytes, without the 4-byte length) either end accepts by default. */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    /** Longest chat message, in UTF-16 chars. */
    public static final int MAX_TEXT_CHARS = 16_000;
    /** User names: 1 to 32 letters (any script), decimal digits, '.', '_' or '-'. Names are case-sensitive. */
    public static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{Nd}._-]{1,32}");
    /** How user lists are sorted: ignoring case, then by case, so "Alice" and "alice" are distinct neighbours. */
    public static final Comparator<String> USER_ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());
    /** Smallest frame limit a server may be configured with: a message of the longest text must fit. */
    public static final int MIN_FRAME_BYTES = 128 * 1024;
    /** Room names (after {@code room:}): 1 to 32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern ROOM_NAME = Pattern.compile("[\\p{Ll}\\p{Lo}\\p{Nd}][\\p{Ll}\\p{Lo}\\p{Nd}._-]{0,31}");
    /** Longest room topic, in UTF-16 chars. */
    public static final int MAX_TOPIC_CHARS = 200;
    /** Shortest password of a new account. */
    public static final int MIN_PASSWORD_CHARS = 4;
    /** Longest password accepted. */
    public static final int MAX_PASSWORD_CHARS = 1024;
    /** Most messages a login replays per conversation; older ones are fetched with history. */
    public static final int SYNC_LIMIT = 1000;
    /** Most messages one history page holds. */
    public static final int HISTORY_LIMIT = 200;
    /** Longest text a search of a conversation looks for. */
    public static final int MAX_QUERY_CHARS = 200;
    /** The room every user is in: the group chat. */
    public static final String LOBBY = "room:lobby";

    private Limits() {
    }
}
