package org.chatnow.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.FontMetrics;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.graphics.Image;

/**
 * Draws pictures in place of their text in a StyledText: the emoji of an {@link InlineImages} service (when the emoji
 * bundle is installed), and always the paperclip of file messages ({@link #PAPERCLIP}), drawn here so that no font
 * needs the glyph (without an emoji font GTK draws a box). The text stays as it is (selection and copying give the
 * characters); each run's first code point becomes an object as wide as the picture and the rest of the run takes no
 * room. UI thread.
 */
public final class InlinePictures {
    /** The paperclip (U+1F4CE) that starts a message about a sent file. */
    public static final String PAPERCLIP = "\uD83D\uDCCE";
    /** The key of the drawn paperclip, for runs the emoji service does not picture itself. */
    public static final String PAPERCLIP_KEY = "chatnow:paperclip";

    /** What a picture's style range carries (link ranges carry their target as a String). */
    public record Picture(String key) {
    }

    private final InlineImages images;
    private org.eclipse.swt.graphics.Font measuredFont;
    private int[] measured;

    /** Pictures of {@code images} (null: no emoji service; the paperclip is drawn all the same). */
    public InlinePictures(InlineImages images) {
        this.images = images;
    }

    /** Lets {@code text} draw pictures. */
    public void attach(StyledText text) {
        text.addPaintObjectListener(event -> {
            if (event.style.data instanceof Picture picture && event.style.metrics != null && event.style.metrics.width > 0) {
                int size = event.style.metrics.ascent + event.style.metrics.descent;
                int top = event.y + event.ascent - event.style.metrics.ascent;
                if (PAPERCLIP_KEY.equals(picture.key())) {
                    paperclip(event.gc, event.x, top, size);
                    return;
                }
                Image image = images == null ? null : images.image(picture.key(), size);
                if (image != null) {
                    event.gc.drawImage(image, event.x, top);
                }
            }
        });
    }

    /** The runs of {@code body} shown as pictures: the service's, and every paperclip it does not picture itself. */
    public List<InlineImages.Match> find(String body) {
        List<InlineImages.Match> matches = images == null ? List.of() : images.find(body);
        if (body.indexOf(PAPERCLIP) < 0) {
            return matches;
        }
        List<InlineImages.Match> all = new ArrayList<>(matches);
        for (int at = body.indexOf(PAPERCLIP); at >= 0; at = body.indexOf(PAPERCLIP, at + PAPERCLIP.length())) {
            int start = at;
            if (matches.stream().noneMatch(m -> m.start() < start + PAPERCLIP.length() && start < m.end())) {
                all.add(new InlineImages.Match(at, at + PAPERCLIP.length(), PAPERCLIP_KEY));
            }
        }
        all.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return all;
    }

    /** Style ranges that show the pictures of {@code body}, which starts at {@code offset}, at the size of {@code text}'s font. */
    public List<StyleRange> styles(StyledText text, String body, int offset) {
        List<InlineImages.Match> matches = find(body);
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

    /** The whole of {@code text} styled with pictures only (the message input, a notification). */
    public void restyle(StyledText text) {
        text.setStyleRanges(styles(text, text.getText(), 0).toArray(StyleRange[]::new));
    }

    /** After a font change: every picture of {@code text} at the new font's size. */
    public void refit(StyledText text) {
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

    /**
     * A paperclip {@code size} pixels square at {@code x, y}: one wire in three straight runs joined by two bends, in the
     * text's colour.
     */
    public static void paperclip(GC gc, int x, int y, int size) {
        int oldWidth = gc.getLineWidth();
        int oldAntialias = gc.getAntialias();
        int oldCap = gc.getLineCap();
        gc.setAntialias(SWT.ON);
        gc.setLineWidth(Math.max(1, Math.round(size / 10f)));
        gc.setLineCap(SWT.CAP_ROUND);
        double s = size;
        int left = x + (int) Math.round(s * 0.26);
        int right = x + (int) Math.round(s * 0.70);
        int middle = x + (int) Math.round(s * 0.44);
        int outer = (right - left) / 2;
        int inner = (right - middle) / 2;
        int bottom = y + (int) Math.round(s * 0.92) - outer;
        int top = y + (int) Math.round(s * 0.08) + inner;
        // the outer run down the left, the big bend at the bottom, up the right, the small bend at the top, down the middle
        gc.drawLine(left, y + (int) Math.round(s * 0.30), left, bottom);
        gc.drawArc(left, bottom - outer, right - left, 2 * outer, 180, 180);
        gc.drawLine(right, bottom, right, top);
        gc.drawArc(middle, top - inner, right - middle, 2 * inner, 0, 180);
        gc.drawLine(middle, top, middle, y + (int) Math.round(s * 0.66));
        gc.setLineWidth(oldWidth);
        gc.setAntialias(oldAntialias);
        gc.setLineCap(oldCap);
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
