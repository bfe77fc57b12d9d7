package org.chatnow.ui.emoji.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.chatnow.ui.InlineImages;

/**
 * The emoji this bundle has pictures for (emoji/emoji.tsv): each with its characters, name and category, in palette
 * order. Finds them in text, with or without the emoji presentation selector (U+FE0F) that some senders leave out.
 */
final class EmojiCatalog {
    private static final char VARIATION_SELECTOR_16 = '\uFE0F';

    /**
     * One emoji: {@code key} names its picture (emoji/{key}.png), {@code text} is what a message carries, {@code
     * others} are other names it goes by (space-separated, e.g. "+1 thumbsup").
     */
    record Emoji(String key, String text, String name, String category, String others) {
        /** Whether {@code word} (lower case) is part of its name or other names. */
        boolean matches(String word) {
            return name.contains(word) || others.contains(word);
        }
    }

    private final List<Emoji> all;
    private final Map<String, Emoji> byText = new HashMap<>();
    private final Map<String, Emoji> byKey = new HashMap<>();
    private final int longest;

    EmojiCatalog(List<Emoji> emoji) {
        this.all = List.copyOf(emoji);
        int max = 0;
        for (Emoji e : all) {
            byKey.put(e.key(), e);
            byText.put(e.text(), e);
            String plain = e.text().replace(String.valueOf(VARIATION_SELECTOR_16), "");
            byText.putIfAbsent(plain, e);
            max = Math.max(max, e.text().length());
        }
        this.longest = max;
    }

    /** The bundle's catalog. */
    static EmojiCatalog load() {
        try (InputStream in = EmojiCatalog.class.getResourceAsStream("/emoji/emoji.tsv")) {
            if (in == null) {
                throw new IllegalStateException("emoji/emoji.tsv is missing from the bundle");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EmojiCatalog parse(BufferedReader lines) throws IOException {
        List<Emoji> emoji = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            StringBuilder text = new StringBuilder();
            for (String codePoint : fields[0].split("-")) {
                text.appendCodePoint(Integer.parseInt(codePoint, 16));
            }
            emoji.add(new Emoji(fields[0], text.toString(), fields[1], fields[2], fields.length > 3 ? fields[3] : ""));
        }
        return new EmojiCatalog(emoji);
    }

    List<Emoji> all() {
        return all;
    }

    Emoji byKey(String key) {
        return byKey.get(key);
    }

    /** The emoji in {@code text}, longest first at each place, in order. */
    List<InlineImages.Match> find(String text) {
        List<InlineImages.Match> found = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            // every emoji of the set starts at U+2000 or above: most text is passed over at a glance
            if (c < '\u2000') {
                i++;
                continue;
            }
            Emoji hit = null;
            int end = 0;
            for (int length = Math.min(longest, text.length() - i); length > 0 && hit == null; length--) {
                Emoji e = byText.get(text.substring(i, i + length));
                if (e != null) {
                    hit = e;
                    end = i + length;
                }
            }
            if (hit == null) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            // a presentation selector after a run that matched without it belongs to the picture
            if (end < text.length() && text.charAt(end) == VARIATION_SELECTOR_16) {
                end++;
            }
            if (found == null) {
                found = new ArrayList<>();
            }
            found.add(new InlineImages.Match(i, end, hit.key()));
            i = end;
        }
        return found == null ? Collections.emptyList() : found;
    }
}
