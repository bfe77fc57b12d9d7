package org.chatnow.ui.chat.internal.transcript;

import java.util.ArrayList;
import java.util.List;

import org.chatnow.ui.InlineImages;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.FontMetrics;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.graphics.Image;

/**
 * Draws the pictures of an {@link InlineImages} service (emoji) in place of their text in a StyledText. The text stays
 * as it is (selection and copying give the characters); each run's first code point becomes an object as wide as
 * the picture and the rest of the run takes no room. Without a service nothing changes. UI thread.
 */
public final class InlinePictures {
    /** What a picture's style range carries (link ranges carry their target as a String). */
    record Picture(String key) {
    }

    private final InlineImages images;
    private org.eclipse.swt.graphics.Font measuredFont;
    private int[] measured;

    public InlinePictures(InlineImages images) {
        this.images = images;
    }

    boolean active() {
        return images != null;
    }

    /** Lets {@code text} draw pictures. */
    public void attach(StyledText text) {
        if (images == null) {
            return;
        }
        text.addPaintObjectListener(event -> {
            if (event.style.data instanceof Picture picture && event.style.metrics != null && event.style.metrics.width > 0) {
                int size = event.style.metrics.ascent + event.style.metrics.descent;
                Image image = images.image(picture.key(), size);
                if (image != null) {
                    event.gc.drawImage(image, event.x, event.y + event.ascent - event.style.metrics.ascent);
                }
            }
        });
    }

    /** Style ranges that show the pictures of {@code body}, which starts at {@code offset}, at the size of {@code text}'s font. */
    List<StyleRange> styles(StyledText text, String body, int offset) {
        if (images == null) {
            return List.of();
        }
        List<InlineImages.Match> matches = images.find(body);
        if (matches.isEmpty()) {
            return List.of();
        }
        int[] size = metrics(text);
        List<StyleRange> styles = new ArrayList<>();
        for (InlineImages.Match m : matches) {
            boolean first = true;
            for (int i = m.start(); i < m.end(); i += Character.charCount(body.codePointAt(i))) {
                StyleRange r = new StyleRange();
                r.start = offset + i;
                r.length = Character.charCount(body.codePointAt(i));
                r.metrics = new GlyphMetrics(size[0], size[1], first ? size[0] + size[1] + 2 : 0);
                r.data = first ? new Picture(m.key()) : null;
                styles.add(r);
                first = false;
            }
        }
        return styles;
    }

    /** The whole of {@code text} styled with pictures only (the message input). */
    public void restyle(StyledText text) {
        if (images != null) {
            text.setStyleRanges(styles(text, text.getText(), 0).toArray(StyleRange[]::new));
        }
    }

    /** After a font change: every picture of {@code text} at the new font's size. */
    void refit(StyledText text) {
        if (images == null) {
            return;
        }
        int[] size = metrics(text);
        StyleRange[] ranges = text.getStyleRanges();
        boolean changed = false;
        for (StyleRange r : ranges) {
            if (r.metrics != null) {
                r.metrics = new GlyphMetrics(size[0], size[1], r.metrics.width == 0 ? 0 : size[0] + size[1] + 2);
                changed = true;
            }
        }
        if (changed) {
            text.setStyleRanges(ranges);
        }
    }

    /** Ascent and descent of {@code text}'s font: a picture is as high as a line of text. */
    private int[] metrics(StyledText text) {
        if (text.getFont() != measuredFont || measured == null) {
            GC gc = new GC(text);
            try {
                gc.setFont(text.getFont());
                FontMetrics fm = gc.getFontMetrics();
                measured = new int[] {fm.getAscent(), fm.getDescent()};
                measuredFont = text.getFont();
            } finally {
                gc.dispose();
            }
        }
        return measured;
    }
}
