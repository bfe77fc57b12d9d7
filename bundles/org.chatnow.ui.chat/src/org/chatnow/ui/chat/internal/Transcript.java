package org.chatnow.ui.chat.internal;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chatnow.client.ChatMessage;
import org.chatnow.ui.Mentions;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.resource.JFaceColors;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.TextLayout;
import org.eclipse.swt.graphics.TextStyle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * The transcript of one conversation: one read-only {@link StyledText} that only ever grows at its end. Each message
 * is "time  author: text"; lines after the first (typed or wrapped) start under the text; links are underlined and
 * open on click; a centred day line ("Today", "Yesterday", a date) starts each new day. Appending costs the same
 * with ten or ten thousand messages: styles and indents are set for the new lines only.
 */
final class Transcript {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL);
    /** The time column: "HH:mm" and two spaces. */
    private static final int TIME_CHARS = 7;

    /** A message's lines, kept to recompute indents when the font changes. */
    private record Entry(int firstLine, int lineCount, String header, int authorStart, int authorLength) {
    }

    /** A day line: where it is and which day it names. */
    private record DayLine(int line, LocalDate day) {
    }

    private final StyledText text;
    private final ZoneId zone;
    private final List<Entry> entries = new ArrayList<>();
    private final List<DayLine> dayLines = new ArrayList<>();
    private final Set<Integer> spacedLines = new HashSet<>();
    private final Map<String, Integer> indentCache = new HashMap<>();
    private final Color ownBackground;
    private final Color mentionBackground;
    private final Color dayColour;
    private final Cursor handCursor;
    /** Others' names in colours of their own, so a glance tells who is talking; the user's own name is dark blue. */
    private final Color[] authorColours;
    private Font boldFont;
    private LocalDate lastDay;
    /** The day the day lines were labelled on, so "Today" becomes "Yesterday" after midnight. */
    private LocalDate labelledOn;

    Transcript(Composite parent, ZoneId zone) {
        this.zone = zone;
        Display display = parent.getDisplay();
        text = new StyledText(parent, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        text.setData(UiIds.WIDGET_ROLE, "transcript");
        text.setMargins(10, 8, 10, 8);
        text.setCaret(null);
        ownBackground = new Color(blend(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND).getRGB(), new RGB(66, 133, 244), 0.07));
        mentionBackground = new Color(blend(display.getSystemColor(SWT.COLOR_LIST_BACKGROUND).getRGB(), new RGB(255, 196, 0), 0.22));
        dayColour = display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW);
        handCursor = display.getSystemCursor(SWT.CURSOR_HAND);
        RGB[] palette = {new RGB(128, 0, 128), new RGB(0, 118, 118), new RGB(176, 84, 0), new RGB(30, 120, 30),
            new RGB(150, 0, 90), new RGB(90, 60, 160), new RGB(130, 80, 20), new RGB(30, 95, 150)};
        authorColours = new Color[palette.length];
        for (int i = 0; i < palette.length; i++) {
            authorColours[i] = new Color(palette[i]);
        }
        text.setLineSpacingProvider(line -> spacedLines.contains(line) ? Integer.valueOf(6) : null);
        text.addListener(SWT.Paint, this::paintDayRules);
        text.addListener(SWT.MouseUp, this::clicked);
        text.addListener(SWT.MouseMove, e -> text.setCursor(linkAt(e.x, e.y) != null ? handCursor : null));
        text.addListener(SWT.Dispose, e -> {
            ownBackground.dispose();
            mentionBackground.dispose();
            for (Color c : authorColours) {
                c.dispose();
            }
            if (boldFont != null) {
                boldFont.dispose();
            }
        });
        setFont(text.getFont());
    }

    StyledText control() {
        return text;
    }

    boolean isDisposed() {
        return text.isDisposed();
    }

    /** Uses {@code font} for messages (authors in its bold variant) and re-indents every message for it. */
    void setFont(Font font) {
        text.setFont(font);
        Font oldBold = boldFont;
        FontData[] data = font.getFontData();
        for (FontData d : data) {
            d.setStyle(d.getStyle() | SWT.BOLD);
        }
        // only for measuring: the StyledText derives its own bold variant from its font
        boldFont = new Font(text.getDisplay(), data);
        indentCache.clear();
        reindentAll();
        if (oldBold != null) {
            oldBold.dispose();
        }
    }

    /**
     * Appends {@code message}; {@code own} marks the user's own messages, {@code me} (or null) is the user's name
     * for highlighting mentions. Keeps the view at the end if it was there.
     */
    void append(ChatMessage message, boolean own, String me) {
        boolean follow = isAtEnd() && text.getSelectionCount() == 0;
        LocalDate day = LocalDate.ofInstant(message.time(), zone);
        if (!day.equals(lastDay)) {
            appendDayLine(day);
            lastDay = day;
        }
        String time = TIME.format(message.time().atZone(zone));
        String header = time + "  " + message.from() + ": ";
        String body = normaliseLineBreaks(message.text());
        int start = startNewLine();
        int firstLine = text.getLineAtOffset(start);
        text.append(header + body);
        int lineCount = text.getLineCount() - firstLine;

        List<StyleRange> styles = new ArrayList<>();
        styles.add(new StyleRange(start, time.length(), dayColour, null));
        styles.add(new StyleRange(start + TIME_CHARS, message.from().length() + 1, authorColour(message.from(), own), null, SWT.BOLD));
        int bodyStart = start + header.length();
        if (!own && me != null) {
            for (int[] mention : Mentions.find(body, me)) {
                styles.add(new StyleRange(bodyStart + mention[0], mention[1] - mention[0], null, mentionBackground, SWT.BOLD));
            }
        }
        for (Links.Link link : Links.find(body)) {
            StyleRange r = new StyleRange(bodyStart + link.start(), link.end() - link.start(),
                JFaceColors.getHyperlinkText(text.getDisplay()), null);
            r.underline = true;
            r.underlineStyle = SWT.UNDERLINE_LINK;
            r.data = link.url();
            styles.add(r);
        }
        styles.sort((a, b) -> Integer.compare(a.start, b.start));
        // one call for the whole message: every style change makes the StyledText re-check the mouse pointer
        text.replaceStyleRanges(start, text.getCharCount() - start, merge(styles).toArray(StyleRange[]::new));
        Entry entry = new Entry(firstLine, lineCount, header, TIME_CHARS, message.from().length() + 1);
        entries.add(entry);
        applyIndent(entry);
        if (own) {
            text.setLineBackground(firstLine, lineCount, ownBackground);
        }
        if (follow) {
            revealEnd();
        }
    }

    /** Appends a line about the connection or a failed send, in italics. */
    void notice(String line, Color colour) {
        int start = startNewLine();
        String shown = "\u2014 " + line;
        text.append(shown);
        StyleRange style = new StyleRange(start, shown.length(), colour, null, SWT.ITALIC);
        text.setStyleRange(style);
        revealEnd();
    }

    /** Relabels the day lines if the date changed since they were written ("Today" becomes "Yesterday"). */
    void refreshDayLabels() {
        LocalDate today = LocalDate.now(zone);
        if (today.equals(labelledOn) || dayLines.isEmpty()) {
            labelledOn = today;
            return;
        }
        labelledOn = today;
        for (DayLine d : dayLines) {
            int offset = text.getOffsetAtLine(d.line());
            int length = text.getLine(d.line()).length();
            String label = dayLabel(d.day(), today);
            text.replaceTextRange(offset, length, label);
            text.setStyleRange(dayStyle(offset, label.length()));
        }
    }

    int messageCount() {
        return entries.size();
    }

    private void appendDayLine(LocalDate day) {
        LocalDate today = LocalDate.now(zone);
        labelledOn = today;
        int start = startNewLine();
        int line = text.getLineAtOffset(start);
        if (line > 0) {
            spacedLines.add(line - 1);
        }
        spacedLines.add(line);
        String label = dayLabel(day, today);
        text.append(label);
        text.setStyleRange(dayStyle(start, label.length()));
        text.setLineAlignment(line, 1, SWT.CENTER);
        dayLines.add(new DayLine(line, day));
    }

    private StyleRange dayStyle(int start, int length) {
        return new StyleRange(start, length, dayColour, null, SWT.BOLD);
    }

    static String dayLabel(LocalDate day, LocalDate today) {
        if (day.equals(today)) {
            return Messages.Transcript_today;
        }
        if (day.equals(today.minusDays(1))) {
            return Messages.Transcript_yesterday;
        }
        return DATE.format(day);
    }

    /** Starts a new line unless the transcript is empty; returns the offset where the new line's text goes. */
    private int startNewLine() {
        if (text.getCharCount() > 0) {
            text.append("\n");
        }
        return text.getCharCount();
    }

    /**
     * Re-indents every message, one call per run of adjacent messages with the same indent: each call makes the
     * StyledText redraw and re-check the pointer, which for thousands of single calls took seconds.
     */
    private void reindentAll() {
        int i = 0;
        while (i < entries.size()) {
            Entry first = entries.get(i);
            int indent = indentFor(first.header(), first.authorStart(), first.authorLength());
            int end = first.firstLine() + first.lineCount();
            int j = i + 1;
            while (j < entries.size()) {
                Entry next = entries.get(j);
                if (next.firstLine() != end || indentFor(next.header(), next.authorStart(), next.authorLength()) != indent) {
                    break;
                }
                end = next.firstLine() + next.lineCount();
                j++;
            }
            text.setLineWrapIndent(first.firstLine(), end - first.firstLine(), indent);
            for (int k = i; k < j; k++) {
                Entry entry = entries.get(k);
                if (entry.lineCount() > 1) {
                    text.setLineIndent(entry.firstLine() + 1, entry.lineCount() - 1, indent);
                }
            }
            i = j;
        }
    }

    private void applyIndent(Entry entry) {
        int indent = indentFor(entry.header(), entry.authorStart(), entry.authorLength());
        text.setLineWrapIndent(entry.firstLine(), entry.lineCount(), indent);
        if (entry.lineCount() > 1) {
            text.setLineIndent(entry.firstLine() + 1, entry.lineCount() - 1, indent);
        }
    }

    /** Width of a message's header as the StyledText draws it, so continuation lines start under the text. */
    private int indentFor(String header, int authorStart, int authorLength) {
        Integer cached = indentCache.get(header);
        if (cached != null) {
            return cached;
        }
        TextLayout layout = new TextLayout(text.getDisplay());
        try {
            layout.setFont(text.getFont());
            layout.setText(header + "x");
            layout.setStyle(new TextStyle(boldFont, null, null), authorStart, authorStart + authorLength - 1);
            int width = layout.getLocation(header.length(), false).x;
            // a very long name must not squeeze the text into a sliver
            int limit = Math.max(80, text.getClientArea().width / 2);
            int indent = text.getClientArea().width > 0 ? Math.min(width, limit) : width;
            indentCache.put(header, indent);
            return indent;
        } finally {
            layout.dispose();
        }
    }

    private static String normaliseLineBreaks(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The style ranges sorted by start, with overlaps resolved in favour of the later (link over mention). */
    private static List<StyleRange> merge(List<StyleRange> sorted) {
        List<StyleRange> out = new ArrayList<>();
        for (StyleRange r : sorted) {
            if (!out.isEmpty()) {
                StyleRange prev = out.get(out.size() - 1);
                int prevEnd = prev.start + prev.length;
                if (r.start < prevEnd) {
                    prev.length = r.start - prev.start;
                    if (prev.length <= 0) {
                        out.remove(out.size() - 1);
                    }
                }
            }
            out.add(r);
        }
        return out;
    }

    private Color authorColour(String author, boolean own) {
        return own ? text.getDisplay().getSystemColor(SWT.COLOR_DARK_BLUE)
            : authorColours[Math.floorMod(author.hashCode(), authorColours.length)];
    }

    private boolean isAtEnd() {
        int visible = Math.max(1, text.getClientArea().height / Math.max(1, text.getLineHeight()));
        return text.getTopIndex() + visible >= text.getLineCount() - 1;
    }

    private void revealEnd() {
        if (text.getSelectionCount() == 0) {
            // Scrolling places the caret; StyledText finds a caret far above the visible lines by measuring every
            // line in between, which made each append cost more than the one before. At the end it costs nothing.
            text.setCaretOffset(text.getCharCount());
        }
        text.setTopIndex(text.getLineCount() - 1);
    }

    private String linkAt(int x, int y) {
        int offset = text.getOffsetAtPoint(new Point(x, y));
        if (offset < 0) {
            return null;
        }
        StyleRange range = text.getStyleRangeAtOffset(offset);
        return range != null && range.data instanceof String url ? url : null;
    }

    private void clicked(Event e) {
        if (e.button != 1 || text.getSelectionCount() > 0) {
            return;
        }
        String url = linkAt(e.x, e.y);
        if (url != null) {
            Links.open(url);
        }
    }

    /** Draws a thin rule left and right of each visible day label. */
    private void paintDayRules(Event e) {
        if (dayLines.isEmpty()) {
            return;
        }
        int top = text.getTopIndex();
        int bottom = text.getLineIndex(text.getClientArea().height);
        GC gc = e.gc;
        gc.setForeground(text.getDisplay().getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
        Rectangle area = text.getClientArea();
        for (int i = firstDayLineAtOrAfter(top); i < dayLines.size() && dayLines.get(i).line() <= bottom; i++) {
            int line = dayLines.get(i).line();
            int offset = text.getOffsetAtLine(line);
            int length = text.getLine(line).length();
            if (length == 0) {
                continue;
            }
            Rectangle label = text.getTextBounds(offset, offset + length - 1);
            int y = label.y + label.height / 2;
            int gap = 12;
            int left = text.getLeftMargin();
            int right = area.width - text.getRightMargin();
            if (label.x - gap > left) {
                gc.drawLine(left, y, label.x - gap, y);
            }
            if (label.x + label.width + gap < right) {
                gc.drawLine(label.x + label.width + gap, y, right, y);
            }
        }
    }

    private int firstDayLineAtOrAfter(int line) {
        int lo = 0;
        int hi = dayLines.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (dayLines.get(mid).line() < line) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static RGB blend(RGB base, RGB tint, double amount) {
        return new RGB((int) Math.round(base.red + (tint.red - base.red) * amount),
            (int) Math.round(base.green + (tint.green - base.green) * amount),
            (int) Math.round(base.blue + (tint.blue - base.blue) * amount));
    }
}
