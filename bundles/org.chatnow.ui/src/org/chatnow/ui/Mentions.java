package org.chatnow.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds where a message mentions a user: "@name", or the name as a word of its own. Matching ignores case, since
 * people rarely type a name's capitals faithfully; a name that is only part of a longer word or name is no mention.
 */
public final class Mentions {

    private Mentions() {
    }

    /** True if {@code text} mentions {@code user}. */
    public static boolean mentions(String text, String user) {
        return !find(text, user).isEmpty();
    }

    /** Start and end (exclusive) of each mention of {@code user} in {@code text}, "@" included; empty if none. */
    public static List<int[]> find(String text, String user) {
        List<int[]> found = new ArrayList<>();
        if (text == null || user == null || user.isEmpty()) {
            return found;
        }
        String haystack = text.toLowerCase(Locale.ROOT);
        String needle = user.toLowerCase(Locale.ROOT);
        if (haystack.length() != text.length() || needle.length() != user.length()) {
            // case folding changed lengths (rare scripts): fall back to exact matching so offsets stay right
            haystack = text;
            needle = user;
        }
        int from = 0;
        while (true) {
            int at = haystack.indexOf(needle, from);
            if (at < 0) {
                return found;
            }
            int end = at + needle.length();
            if (startsWord(text, at) && endsWord(text, end)) {
                int start = at > 0 && text.charAt(at - 1) == '@' ? at - 1 : at;
                found.add(new int[] {start, end});
            }
            from = at + 1;
        }
    }

    private static boolean startsWord(String text, int at) {
        if (at == 0) {
            return true;
        }
        char before = text.charAt(at - 1);
        return before == '@' || !isNameChar(before) && before != '.';
    }

    private static boolean endsWord(String text, int end) {
        if (end >= text.length()) {
            return true;
        }
        char after = text.charAt(end);
        if (after == '.') {
            // "hi bob." mentions bob; "bob.smith" is someone else
            return end + 1 >= text.length() || !isNameChar(text.charAt(end + 1));
        }
        return !isNameChar(after);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
