package org.chatnow.protocol;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for names in the shared folder: one path component that every desktop system can store. The server
 * enforces them; clients may check first to explain earlier.
 */
public final class FileNames {
    /** Longest name, in UTF-8 bytes (what Linux and macOS file systems allow). */
    public static final int MAX_BYTES = 255;
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    private static final String FORBIDDEN = "/\\<>:\"|?*";

    private FileNames() {
    }

    /** Why {@code name} cannot be used, or null if it can. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a file name cannot be empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a file name has at most " + MAX_BYTES + " bytes (UTF-8)";
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return "the name must be in Unicode normal form C (NFC)";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a file name";
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return "a file name cannot contain control or invisible formatting characters";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return "a file name cannot contain any of / \\ < > : \" | ? *";
            }
            i += Character.charCount(c);
        }
        if (name.startsWith(".")) {
            return "a file name cannot start with '.'";
        }
        if (name.startsWith(" ") || name.endsWith(" ") || name.endsWith(".")) {
            return "a file name cannot start or end with a space, or end with '.'";
        }
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (RESERVED.contains(base)) {
            return "'" + name + "' is a reserved device name on Windows";
        }
        return null;
    }
}
