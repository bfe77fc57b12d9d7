package org.chatnow.ui;

import java.util.List;

import org.eclipse.swt.graphics.Image;

/**
 * Pictures for runs of message text, such as emoji, offered as an OSGi service by an optional bundle. Without one,
 * the text shows as it is. Conversations find the runs in a message and draw the pictures in their place; the text
 * itself is unchanged (copying a message copies its characters).
 */
public interface InlineImages {

    /** A run of text, {@code [start, end)}, shown as the picture {@code key}. */
    record Match(int start, int end, String key) {
    }

    /** The runs of {@code text} that have pictures, in order and not overlapping. Any thread. */
    List<Match> find(String text);

    /**
     * The picture {@code key} at {@code size} pixels square (a found key, else null). The service owns the image: do not
     * dispose it. UI thread.
     */
    Image image(String key, int size);

    /** What {@code key} shows, in words (e.g. "grinning face"), for tooltips and screen readers; null if unknown. */
    String describe(String key);
}
