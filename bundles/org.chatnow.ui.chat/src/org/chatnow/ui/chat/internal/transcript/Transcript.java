package org.chatnow.ui.chat.internal.transcript;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.chatnow.client.ChatMessage;
import org.chatnow.ui.FileLinks;
import org.chatnow.ui.InlinePictures;
import org.chatnow.ui.Mentions;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.model.TimelineEntry;
import org.eclipse.jface.resource.JFaceColors;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Cursor;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.TextLayout;
import org.eclipse.swt.graphics.TextStyle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;

/**
 * The transcript of one conversation: one read-only {@link StyledText}. Its first line is a banner ("Loading earlier
 * messages…", or where the conversation begins); below it come items of whole lines: day lines ("Today",
 * "Yesterday", a date), messages ("time  author: text", continuation lines under the text), notices about the
 * connection, the "New messages" divider and the "Seen" mark. Live messages are appended at the end; older pages
 * of history are inserted above in one change, keeping what the user looks at in place. Each change touches only
 * the lines it adds or removes, so appending costs the same with ten or ten thousand messages.
 * <p>
 * Which messages, day lines and divider go where is decided by the conversation's
 * {@link org.chatnow.ui.chat.model.ConversationTimeline}; this only draws its {@link TimelineEntry entries}.
 */
public final class Transcript {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL);
    /** The time column: "HH:mm" and two spaces. */
    private static final int TIME_CHARS = 7;
    /** Extra pixels above and below day lines and the divider. */
    private static final int SPACING = 6;

    enum Kind {
        DAY, MESSAGE, NOTICE, DIVIDER, SEEN, OUTGOING
    }

    /** What clicking "retry" or "cancel" on an outgoing message asks for; {@code key} names the message. */
    public record OutgoingAction(boolean retry, long key) {
    }

    /** What a change of lines does to the view: follow the end, keep what is shown in place, or nothing. */
    private enum View {
        END, KEEP, NONE;

        static View following(boolean follow) {
            return follow ? END : KEEP;
        }
    }

    /** Whole lines of the transcript; {@code line} moves when lines are added or removed above. */
    private static final class Item {
        final Kind kind;
        final int lines;
        final long seq;
        final boolean own;
        final String header;
        final int authorLength;
        LocalDate day;
        int line;

        Item(Kind kind, int lines, long seq, boolean own, String header, int authorLength, LocalDate day) {
            this.kind = kind;
            this.lines = lines;
            this.seq = seq;
            this.own = own;
            this.header = header;
            this.authorLength = authorLength;
            this.day = day;
        }

        int lastLine() {
            return line + lines - 1;
        }
    }

    /** An item with its text and styles (offsets from the item's start), before it goes in. */
    private record Piece(Item item, String text, List<StyleRange> styles) {
    }

    private final StyledText text;
    private final ZoneId zone;
    /** In document order, so sorted by line. */
    private final List<Item> items = new ArrayList<>();
    private final Map<String, Integer> indentCache = new HashMap<>();
    private final Color ownBackground;
    private final Color mentionBackground;
    private final Color dayColour;
    private final Color dividerColour;
    private final Cursor handCursor;
    /** Others' names in colours of their own, so a glance tells who is talking; the user's own name is dark blue. */
    private final Color[] authorColours;
    private Font boldFont;
    private final InlinePictures pictures;
    /** Pictures behind file links, shown instead of the link; null: links stay links. */
    private ImagePreviews previews;
    /** The largest a preview is drawn. */
    private static final int PREVIEW_WIDTH = 320;
    private static final int PREVIEW_HEIGHT = 200;
    private String banner = "";
    private int messageCount;
    /** The day the day lines were labelled on, so "Today" becomes "Yesterday" after midnight. */
    private LocalDate labelledOn;
    private Item divider;
    private Item seen;
    private boolean settlePending;
    /** The user keeps the view at the newest message (it follows new ones); false once they scroll away. */
    private boolean following = true;
    private Consumer<String> linkHandler = url -> {
    };
    private Consumer<OutgoingAction> outgoingHandler = action -> {
    };
    /** The user's messages on their way: always the last items. */
    private int outgoingCount;
    private final Runnable midnight = this::midnight;

    public Transcript(Composite parent, ZoneId zone, InlinePictures pictures) {
        this.zone = zone;
        this.pictures = pictures;
        Display display = parent.getDisplay();
        text = new StyledText(parent, SWT.READ_ONLY | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        text.setData(UiIds.WIDGET_ROLE, "transcript");
        text.setMargins(10, 4, 10, 8);
        text.setCaret(null);
        RGB base = display.getSystemColor(SWT.COLOR_LIST_BACKGROUND).getRGB();
        ownBackground = new Color(blend(base, new RGB(66, 133, 244), 0.07));
        mentionBackground = new Color(blend(base, new RGB(255, 196, 0), 0.22));
        dividerColour = new Color(new RGB(205, 50, 40));
        dayColour = display.getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW);
        handCursor = display.getSystemCursor(SWT.CURSOR_HAND);
        RGB[] palette = {new RGB(128, 0, 128), new RGB(0, 118, 118), new RGB(176, 84, 0), new RGB(30, 120, 30),
            new RGB(150, 0, 90), new RGB(90, 60, 160), new RGB(130, 80, 20), new RGB(30, 95, 150)};
        authorColours = new Color[palette.length];
        for (int i = 0; i < palette.length; i++) {
            authorColours[i] = new Color(palette[i]);
        }
        text.setLineAlignment(0, 1, SWT.CENTER);
        text.setLineSpacingProvider(this::spacingBelow);
        text.addListener(SWT.Paint, this::paintRules);
        pictures.attach(text);
        text.addPaintObjectListener(event -> {
            if (previews != null && event.style.data instanceof String link && event.style.metrics != null && event.style.metrics.width > 0) {
                Image image = previews.loaded(link);
                if (image != null) {
                    Rectangle size = image.getBounds();
                    event.gc.setInterpolation(SWT.HIGH);
                    event.gc.drawImage(image, 0, 0, size.width, size.height, event.x + 1,
                        event.y + event.ascent - event.style.metrics.ascent, event.style.metrics.width - 2, event.style.metrics.ascent);
                }
            }
        });
        text.addListener(SWT.MouseUp, this::clicked);
        text.addListener(SWT.MouseMove, e -> text.setCursor(linkAt(e.x, e.y) != null ? handCursor : null));
        // a transcript at its end stays there when the window or the sash changes its size (wrapping changes)
        Listener scrolled = e -> text.getDisplay().asyncExec(() -> {
            if (!text.isDisposed()) {
                following = isAtEnd();
            }
        });
        text.getVerticalBar().addListener(SWT.Selection, scrolled);
        text.addListener(SWT.MouseVerticalWheel, scrolled);
        text.addListener(SWT.KeyUp, scrolled);
        text.addListener(SWT.Resize, e -> {
            if (following && messageCount > 0) {
                revealEnd();
            }
        });
        text.addListener(SWT.Dispose, e -> {
            display.timerExec(-1, midnight);
            ownBackground.dispose();
            mentionBackground.dispose();
            dividerColour.dispose();
            for (Color c : authorColours) {
                c.dispose();
            }
            if (boldFont != null) {
                boldFont.dispose();
            }
        });
        setFont(text.getFont());
        scheduleMidnightRefresh();
    }

    private void midnight() {
        if (!text.isDisposed()) {
            refreshDayLabels();
            scheduleMidnightRefresh();
        }
    }

    /** "Today" becomes "Yesterday" at midnight even if nobody writes. */
    private void scheduleMidnightRefresh() {
        ZonedDateTime now = ZonedDateTime.now(zone);
        ZonedDateTime next = LocalDate.now(zone).plusDays(1).atStartOfDay(zone);
        int millis = (int) Math.min(Integer.MAX_VALUE, Duration.between(now, next).toMillis() + 1000);
        text.getDisplay().timerExec(millis, midnight);
    }

    public StyledText control() {
        return text;
    }

    public boolean isDisposed() {
        return text.isDisposed();
    }

    /** Called with the link's target ("https://…" or "chatnow-file:…") when the user clicks a link. */
    public void onLinkClicked(Consumer<String> handler) {
        linkHandler = handler;
    }

    /** Called when the user clicks "retry" or "cancel" on an outgoing message. */
    public void onOutgoingAction(Consumer<OutgoingAction> handler) {
        outgoingHandler = handler;
    }

    /** Scrolls to message {@code seq} and selects it; false if it is not shown (older than what is loaded). */
    public boolean reveal(long seq) {
        for (Item item : items) {
            if (item.kind == Kind.MESSAGE && item.seq == seq) {
                following = false;
                text.setTopIndex(Math.max(0, item.line - 2));
                text.setSelection(text.getOffsetAtLine(item.line), lineEnd(item.lastLine()));
                return true;
            }
        }
        return false;
    }

    /** Uses {@code font} for messages (authors in its bold variant) and re-indents every message for it. */
    public void setFont(Font font) {
        text.setFont(font);
        pictures.refit(text);
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

    /** Shows {@code line} at the top, above the oldest message (or nothing, for an empty string). */
    public void setBanner(String line) {
        if (line.equals(banner)) {
            return;
        }
        boolean follow = isAtEnd() && text.getSelectionCount() == 0;
        // the banner's height may change with its text: what the user looks at below it stays in place
        int top = itemIndexAt(Math.max(text.getTopIndex(), 1));
        Item anchor = follow || top < 0 ? null : items.get(top);
        int anchorY = anchor == null ? 0 : text.getLinePixel(anchor.line);
        int oldLength = banner.length();
        banner = line;
        text.replaceTextRange(0, oldLength, line);
        if (!line.isEmpty()) {
            text.setStyleRange(new StyleRange(0, line.length(), dayColour, null, SWT.ITALIC));
            // replacing the whole text (while it holds only this line) drops the line's alignment
            text.setLineAlignment(0, 1, SWT.CENTER);
        }
        if (follow && messageCount > 0) {
            revealEnd();
        } else if (anchor != null) {
            text.setTopPixel(text.getTopPixel() + text.getLinePixel(anchor.line) - anchorY);
        }
    }

    String banner() {
        return banner;
    }

    /** Forgets everything shown (another login, or a gap in the numbering); the banner stays. */
    public void clear() {
        // the items first: the line spacing, asked for while the text changes, must describe the new text
        items.clear();
        text.setText(banner);
        text.setLineAlignment(0, 1, SWT.CENTER);
        if (!banner.isEmpty()) {
            text.setStyleRange(new StyleRange(0, banner.length(), dayColour, null, SWT.ITALIC));
        }
        messageCount = 0;
        outgoingCount = 0;
        divider = null;
        seen = null;
    }

    // ------------------------------------------------------------------ messages

    /**
     * Appends {@code entries} (day lines, the divider and messages newer than every message shown) in one change of the
     * text; {@code me} (or null) is the user's name for highlighting mentions. Keeps the view at the end if it was
     * there. A burst of messages costs one change, one redraw and one scroll.
     */
    public void append(List<TimelineEntry> entries, String me) {
        if (entries.isEmpty()) {
            return;
        }
        boolean follow = isAtEnd() && text.getSelectionCount() == 0;
        List<Piece> pieces = pieces(entries, me);
        boolean many = pieces.size() > 8;
        if (many) {
            text.setRedraw(false);
        }
        try {
            insert(tailIndex(), pieces, View.following(follow));
        } finally {
            if (many) {
                text.setRedraw(true);
            }
        }
    }

    /**
     * Inserts {@code entries} (older than every message shown) above the messages; if {@code dropFirstDayLine}, the
     * day line above the oldest message shown repeats the day the entries end with and goes. What the user looks at
     * stays where it is (or at the end, if the view was following the end).
     */
    public void prepend(List<TimelineEntry> entries, boolean dropFirstDayLine, String me) {
        if (entries.isEmpty()) {
            return;
        }
        if (messageCount == 0) {
            append(entries, me);
            return;
        }
        boolean follow = isAtEnd() && text.getSelectionCount() == 0;
        int index = firstContentIndex();
        Item repeatedDay = dropFirstDayLine && index < items.size() && items.get(index).kind == Kind.DAY ? items.get(index) : null;
        // what the user looks at: the item at the top of the view (not the day line that goes), and where it is
        int top = itemIndexAt(Math.max(text.getTopIndex(), 1));
        Item anchor = top < 0 ? null : items.get(top) == repeatedDay && top + 1 < items.size() ? items.get(top + 1) : items.get(top);
        int anchorY = anchor == null ? 0 : text.getLinePixel(anchor.line);
        if (repeatedDay != null) {
            remove(repeatedDay, View.NONE);
        }
        List<Piece> pieces = pieces(entries, me);
        text.setRedraw(false);
        try {
            insert(index, pieces, follow ? View.END : View.NONE);
            if (!follow && anchor != null) {
                text.setTopPixel(text.getTopPixel() + text.getLinePixel(anchor.line) - anchorY);
            }
        } finally {
            text.setRedraw(true);
        }
    }

    private List<Piece> pieces(List<TimelineEntry> entries, String me) {
        List<Piece> pieces = new ArrayList<>(entries.size());
        for (TimelineEntry entry : entries) {
            pieces.add(switch (entry) {
                case TimelineEntry.DayLine d -> dayPiece(d.day());
                case TimelineEntry.Divider d -> dividerPiece(d.afterSeq());
                case TimelineEntry.Message m -> messagePiece(m.message(), m.own(), me);
                case TimelineEntry.Outgoing o -> throw new IllegalArgumentException("outgoing messages come through addOutgoing: " + o.key());
            });
            if (entry instanceof TimelineEntry.Message) {
                messageCount++;
            }
        }
        return pieces;
    }

    /** Appends a line about the connection or a failed send, in italics. */
    public void notice(String line, Color colour) {
        String shown = "\u2014 " + line.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        List<StyleRange> styles = List.of(new StyleRange(0, shown.length(), colour, null, SWT.ITALIC));
        Item item = new Item(Kind.NOTICE, 1, 0, false, null, 0, null);
        insert(tailIndex(), List.of(new Piece(item, shown, new ArrayList<>(styles))), View.following(isAtEnd()));
    }

    // ------------------------------------------------------------------ the user's messages on their way

    /**
     * Shows {@code outgoing} at the bottom, greyed: "sending…" with a clock mark and "cancel", or, when it failed, why
     * and "retry" / "cancel". Messages and notices that come later go above it.
     */
    public void addOutgoing(TimelineEntry.Outgoing outgoing, String me) {
        // the user just wrote it: show it
        insert(items.size(), List.of(outgoingPiece(outgoing, me)), View.END);
        outgoingCount++;
    }

    /** Shows the outgoing message with {@code outgoing}'s key as it is now, in the same place. */
    public void replaceOutgoing(TimelineEntry.Outgoing outgoing, String me) {
        int index = indexOfOutgoing(outgoing.key());
        if (index < 0) {
            return;
        }
        boolean follow = isAtEnd();
        remove(items.get(index), View.NONE);
        insert(index, List.of(outgoingPiece(outgoing, me)), follow ? View.END : View.KEEP);
    }

    /** The outgoing message {@code key} goes (sent and shown in its place, or cancelled). */
    public void removeOutgoing(long key) {
        int index = indexOfOutgoing(key);
        if (index >= 0) {
            outgoingCount--;
            remove(items.get(index), View.following(isAtEnd()));
        }
    }

    /** Where the outgoing messages begin: what else is added goes above them. */
    private int tailIndex() {
        return items.size() - outgoingCount;
    }

    private int indexOfOutgoing(long key) {
        for (int i = items.size() - 1; i >= tailIndex(); i--) {
            if (items.get(i).seq == key) {
                return i;
            }
        }
        return -1;
    }

    private Piece outgoingPiece(TimelineEntry.Outgoing outgoing, String me) {
        String author = me == null ? "" : me;
        String time = TIME.format(outgoing.time().atZone(zone));
        String header = time + "  " + author + ": ";
        String body = normaliseLineBreaks(outgoing.text());
        int lines = 1;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                lines++;
            }
        }
        StringBuilder all = new StringBuilder(header).append(body).append("   ");
        List<StyleRange> styles = new ArrayList<>();
        int statusStart = all.length();
        if (outgoing.failed()) {
            all.append("\u2715 ").append(outgoing.failure().isEmpty() ? Messages.Transcript_failed : NLS.bind(Messages.Transcript_failedBecause, outgoing.failure()));
        } else {
            all.append("\u25F7 ").append(Messages.Transcript_sending);
        }
        Color grey = text.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
        styles.add(new StyleRange(0, statusStart, dayColour, null));
        styles.add(new StyleRange(statusStart, all.length() - statusStart, outgoing.failed() ? dividerColour : grey, null, SWT.ITALIC));
        if (outgoing.failed()) {
            all.append("  ");
            styles.add(actionStyle(all, Messages.Transcript_retry, new OutgoingAction(true, outgoing.key())));
        }
        all.append("  ");
        styles.add(actionStyle(all, Messages.Transcript_cancel, new OutgoingAction(false, outgoing.key())));
        Item item = new Item(Kind.OUTGOING, lines, outgoing.key(), true, header, author.length() + 1, null);
        return new Piece(item, all.toString(), styles);
    }

    /** Appends {@code label} to {@code line} as a link that asks for {@code action}. */
    private StyleRange actionStyle(StringBuilder line, String label, OutgoingAction action) {
        int start = line.length();
        line.append(label);
        StyleRange r = new StyleRange(start, label.length(), JFaceColors.getHyperlinkText(text.getDisplay()), null);
        r.underline = true;
        r.underlineStyle = SWT.UNDERLINE_LINK;
        r.data = action;
        return r;
    }

    /** Puts the "New messages" divider above message {@code seq} (below its day line, if it starts a day). */
    public void insertDivider(long seq) {
        removeDivider();
        int index = indexOfMessage(seq);
        if (index >= 0) {
            insert(index, List.of(dividerPiece(seq - 1)), View.KEEP);
        }
    }

    /** Removes the "New messages" divider, if shown. */
    public void removeDivider() {
        if (divider != null) {
            remove(divider, View.following(isAtEnd()));
            divider = null;
        }
    }

    /**
     * Shows {@code label} ("Seen") under the newest of the user's own messages with a sequence number up to
     * {@code readSeq}; removes it when there is none.
     */
    public void setSeen(long readSeq, String label) {
        int target = -1;
        if (readSeq > 0) {
            for (int i = items.size() - 1; i >= 0; i--) {
                Item it = items.get(i);
                if (it.kind == Kind.MESSAGE && it.own && it.seq <= readSeq) {
                    target = i;
                    break;
                }
            }
        }
        if (seen != null) {
            int at = items.indexOf(seen);
            if (target >= 0 && at == target + 1) {
                return; // already there
            }
            remove(seen, View.following(isAtEnd()));
            seen = null;
            if (target >= at && at >= 0) {
                target--;
            }
        }
        if (target < 0) {
            return;
        }
        Item item = new Item(Kind.SEEN, 1, 0, false, null, 0, null);
        List<StyleRange> styles = new ArrayList<>(List.of(new StyleRange(0, label.length(), dayColour, null, SWT.ITALIC)));
        seen = item;
        insert(target + 1, List.of(new Piece(item, label, styles)), View.following(isAtEnd()));
    }

    /** Relabels the day lines if the date changed since they were written ("Today" becomes "Yesterday"). */
    public void refreshDayLabels() {
        LocalDate today = LocalDate.now(zone);
        if (today.equals(labelledOn)) {
            return;
        }
        labelledOn = today;
        for (Item d : items) {
            if (d.kind != Kind.DAY) {
                continue;
            }
            int offset = text.getOffsetAtLine(d.line);
            int length = text.getLine(d.line).length();
            String label = dayLabel(d.day, today);
            text.replaceTextRange(offset, length, label);
            text.setStyleRange(dayStyle(offset, label.length()));
        }
    }

    /** True if the top line (the banner) is in view: time to load older messages. */
    public boolean isTopVisible() {
        return text.getTopPixel() <= 0 || text.getTopIndex() <= 1;
    }

    /** True if everything fits without scrolling. */
    boolean fitsWithoutScrolling() {
        return text.getLinePixel(text.getLineCount() - 1) + text.getLineHeight() < text.getClientArea().height && text.getTopPixel() == 0;
    }

    /** Scrolls to the newest message. */
    public void revealEnd() {
        scrollToEnd();
        if (!settlePending) {
            // StyledText estimates the height of lines it has not drawn yet; once the last lines are measured, the
            // end lies a little further down
            settlePending = true;
            text.getDisplay().asyncExec(() -> {
                settlePending = false;
                if (!text.isDisposed()) {
                    scrollToEnd();
                }
            });
        }
    }

    private void scrollToEnd() {
        following = true;
        if (text.getSelectionCount() == 0) {
            // Scrolling places the caret; StyledText finds a caret far above the visible lines by measuring every
            // line in between, which made each append cost more than the one before. At the end it costs nothing.
            text.setCaretOffset(text.getCharCount());
        }
        text.setTopIndex(text.getLineCount() - 1);
        int bottom = text.getLinePixel(text.getLineCount() - 1) + text.getLineHeight(text.getCharCount());
        int overflow = bottom - (text.getClientArea().height - text.getBottomMargin());
        if (overflow > 0) {
            text.setTopPixel(text.getTopPixel() + overflow);
        }
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

    // ------------------------------------------------------------------ pieces

    private Piece dayPiece(LocalDate day) {
        LocalDate today = LocalDate.now(zone);
        labelledOn = today;
        String label = dayLabel(day, today);
        List<StyleRange> styles = new ArrayList<>(List.of(dayStyle(0, label.length())));
        return new Piece(new Item(Kind.DAY, 1, 0, false, null, 0, day), label, styles);
    }

    private Piece dividerPiece(long afterSeq) {
        Item item = new Item(Kind.DIVIDER, 1, afterSeq, false, null, 0, null);
        divider = item;
        String label = Messages.ChatEditor_newMessages;
        List<StyleRange> styles = new ArrayList<>(List.of(new StyleRange(0, label.length(), dividerColour, null, SWT.BOLD)));
        return new Piece(item, label, styles);
    }

    private Piece messagePiece(ChatMessage message, boolean own, String me) {
        String time = TIME.format(message.time().atZone(zone));
        String header = time + "  " + message.from() + ": ";
        String body = normaliseLineBreaks(message.text());
        String all = header + body;
        int lines = 1;
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                lines++;
            }
        }
        List<StyleRange> styles = new ArrayList<>();
        styles.add(new StyleRange(0, time.length(), dayColour, null));
        styles.add(new StyleRange(TIME_CHARS, message.from().length() + 1, authorColour(message.from(), own), null, SWT.BOLD));
        int bodyStart = header.length();
        if (!own && me != null) {
            for (int[] mention : Mentions.find(body, me)) {
                styles.add(new StyleRange(bodyStart + mention[0], mention[1] - mention[0], null, mentionBackground, SWT.BOLD));
            }
        }
        for (Links.Link link : Links.find(body)) {
            styles.add(linkStyle(bodyStart + link.start(), link.end() - link.start(), link.url()));
        }
        styles.addAll(pictures.styles(text, body, bodyStart));
        for (FileLinks.Found link : FileLinks.find(body)) {
            String target = body.substring(link.start(), link.end());
            Image preview = previews == null ? null : previews.image(target);
            if (preview != null) {
                styles.addAll(previewStyles(bodyStart + link.start(), target, preview));
            } else {
                styles.add(linkStyle(bodyStart + link.start(), link.end() - link.start(), target));
            }
        }
        styles.sort((a, b) -> Integer.compare(a.start, b.start));
        Item item = new Item(Kind.MESSAGE, lines, message.seq(), own, header, message.from().length() + 1, null);
        return new Piece(item, all, merge(styles));
    }

    private StyleRange linkStyle(int start, int length, String target) {
        StyleRange r = new StyleRange(start, length, JFaceColors.getHyperlinkText(text.getDisplay()), null);
        r.underline = true;
        r.underlineStyle = SWT.UNDERLINE_LINK;
        r.data = target;
        return r;
    }

    /**
     * The link {@code target} at {@code start} shown as its picture: the first character becomes an object the size
     * of the (scaled) picture, the rest take no room; every range keeps the link, so a click still downloads it.
     */
    private static List<StyleRange> previewStyles(int start, String target, Image image) {
        Rectangle size = image.getBounds();
        double scale = Math.min(1.0, Math.min((double) PREVIEW_WIDTH / Math.max(1, size.width), (double) PREVIEW_HEIGHT / Math.max(1, size.height)));
        int width = Math.max(1, (int) Math.round(size.width * scale));
        int height = Math.max(1, (int) Math.round(size.height * scale));
        List<StyleRange> styles = new ArrayList<>();
        for (int i = 0; i < target.length(); i += Character.charCount(target.codePointAt(i))) {
            StyleRange r = new StyleRange();
            r.start = start + i;
            r.length = Character.charCount(target.codePointAt(i));
            r.metrics = i == 0 ? new GlyphMetrics(height, 0, width + 2) : new GlyphMetrics(0, 0, 0);
            r.data = target;
            styles.add(r);
        }
        return styles;
    }

    /** Pictures behind file links are shown through {@code source} from now on (and when they arrive). */
    public void setPreviews(ImagePreviews source) {
        previews = source;
        source.onLoaded(this::previewLoaded);
    }

    /** {@code link}'s picture arrived: every link to it becomes the picture. */
    private void previewLoaded(String link) {
        if (text.isDisposed()) {
            return;
        }
        Image image = previews.loaded(link);
        boolean follow = following && isAtEnd();
        for (StyleRange r : text.getStyleRanges()) {
            if (link.equals(r.data) && r.metrics == null && r.length == link.length()) {
                List<StyleRange> shown = previewStyles(r.start, link, image);
                text.replaceStyleRanges(r.start, r.length, shown.toArray(StyleRange[]::new));
            }
        }
        if (follow) {
            revealEnd();
        }
    }

    private StyleRange dayStyle(int start, int length) {
        return new StyleRange(start, length, dayColour, null, SWT.BOLD);
    }

    // ------------------------------------------------------------------ changing lines

    /**
     * Inserts {@code pieces} before item {@code index} in one change of the text, then styles their lines, and keeps
     * the view as {@code view} says.
     */
    private void insert(int index, List<Piece> pieces, View view) {
        int firstLine = index == 0 ? 1 : items.get(index - 1).lastLine() + 1;
        int offset = lineEnd(firstLine - 1);
        StringBuilder added = new StringBuilder();
        List<StyleRange> styles = new ArrayList<>();
        int line = firstLine;
        for (Piece p : pieces) {
            added.append('\n');
            int start = offset + added.length();
            added.append(p.text());
            for (StyleRange r : p.styles()) {
                r.start += start;
                styles.add(r);
            }
            p.item().line = line;
            line += p.item().lines;
        }
        int addedLines = line - firstLine;

        int anchorLine = Math.max(text.getTopIndex(), 1);
        boolean above = view == View.KEEP && firstLine <= anchorLine && text.getLineCount() > 1;
        int anchorY = above ? text.getLinePixel(anchorLine) : 0;

        for (int i = index; i < items.size(); i++) {
            items.get(i).line += addedLines;
        }
        List<Item> newItems = new ArrayList<>(pieces.size());
        for (Piece p : pieces) {
            newItems.add(p.item());
        }
        items.addAll(index, newItems);

        if (offset == text.getCharCount()) {
            text.append(added.toString());
        } else {
            text.replaceTextRange(offset, 0, added.toString());
        }
        // one call for all: every style change makes the StyledText re-check the mouse pointer
        text.replaceStyleRanges(offset, added.length(), styles.toArray(StyleRange[]::new));
        if (view == View.END) {
            // measuring lines is cheap near the top of the view: go there before styling the new lines
            scrollToEnd();
        }
        decorate(newItems);
        if (view == View.END) {
            revealEnd();
        } else if (above) {
            text.setTopPixel(text.getTopPixel() + text.getLinePixel(anchorLine + addedLines) - anchorY);
        }
    }

    /** Removes {@code item}'s lines, keeping the view as {@link #insert} does. */
    private void remove(Item item, View view) {
        int index = items.indexOf(item);
        if (index < 0) {
            return;
        }
        int start = lineEnd(item.line - 1);
        int end = lineEnd(item.lastLine());
        int anchorLine = Math.max(text.getTopIndex(), 1);
        boolean above = view == View.KEEP && item.lastLine() < anchorLine;
        int anchorY = above ? text.getLinePixel(anchorLine) : 0;
        items.remove(index);
        for (int i = index; i < items.size(); i++) {
            items.get(i).line -= item.lines;
        }
        text.replaceTextRange(start, end - start, "");
        if (view == View.END) {
            revealEnd();
        } else if (above) {
            text.setTopPixel(text.getTopPixel() + text.getLinePixel(anchorLine - item.lines) - anchorY);
        }
    }

    /**
     * Line alignment, indents and background of new items' lines, in as few calls as possible: each call measures
     * lines again, so a run of messages with the same indent (or of own messages) takes one.
     */
    private void decorate(List<Item> added) {
        int i = 0;
        while (i < added.size()) {
            Item item = added.get(i);
            switch (item.kind) {
                case DAY, DIVIDER -> text.setLineAlignment(item.line, 1, SWT.CENTER);
                case SEEN -> text.setLineAlignment(item.line, 1, SWT.RIGHT);
                case NOTICE -> {
                    // plain lines
                }
                case OUTGOING -> {
                    int indent = indentFor(item);
                    text.setLineWrapIndent(item.line, item.lines, indent);
                    if (item.lines > 1) {
                        text.setLineIndent(item.line + 1, item.lines - 1, indent);
                    }
                }
                case MESSAGE -> {
                    int indent = indentFor(item);
                    int j = i + 1;
                    while (j < added.size() && added.get(j).kind == Kind.MESSAGE && indentFor(added.get(j)) == indent) {
                        j++;
                    }
                    Item last = added.get(j - 1);
                    text.setLineWrapIndent(item.line, last.lastLine() - item.line + 1, indent);
                    for (int k = i; k < j; k++) {
                        Item m = added.get(k);
                        if (m.lines > 1) {
                            text.setLineIndent(m.line + 1, m.lines - 1, indent);
                        }
                    }
                    i = j;
                    continue;
                }
            }
            i++;
        }
        // own messages: one background call per run of them
        i = 0;
        while (i < added.size()) {
            if (added.get(i).kind != Kind.MESSAGE || !added.get(i).own) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < added.size() && added.get(j).kind == Kind.MESSAGE && added.get(j).own) {
                j++;
            }
            Item first = added.get(i);
            Item last = added.get(j - 1);
            text.setLineBackground(first.line, last.lastLine() - first.line + 1, ownBackground);
            i = j;
        }
    }

    /** The offset just after the last character of {@code line} (where a new line after it starts with "\n"). */
    private int lineEnd(int line) {
        return line + 1 < text.getLineCount() ? text.getOffsetAtLine(line + 1) - 1 : text.getCharCount();
    }

    /** Index of the first item that belongs to the messages (leading notices stay on top), or the end. */
    private int firstContentIndex() {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).kind != Kind.NOTICE) {
                return i;
            }
        }
        return items.size();
    }

    /**
     * Where a divider above message {@code seq} goes: the index of that message's item, or -1 if it is not shown.
     */
    private int indexOfMessage(long seq) {
        // messages are in sequence order: search from the end (the divider is usually near it)
        for (int i = items.size() - 1; i >= 0; i--) {
            Item it = items.get(i);
            if (it.kind == Kind.MESSAGE && it.seq == seq) {
                return i;
            }
            if (it.kind == Kind.MESSAGE && it.seq < seq) {
                return -1;
            }
        }
        return -1;
    }

    /** The item that holds {@code line}, or null for the banner line. */
    private int itemIndexAt(int line) {
        int lo = 0;
        int hi = items.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (items.get(mid).line <= line) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Extra space below {@code line}: around day lines and the divider, and under a shown banner. */
    private Integer spacingBelow(int line) {
        if (line == 0) {
            // the same with or without text, so that the lines below do not move when it changes
            return Integer.valueOf(SPACING);
        }
        int i = itemIndexAt(line);
        if (i < 0) {
            return null;
        }
        Item it = items.get(i);
        if (it.kind == Kind.DAY || it.kind == Kind.DIVIDER) {
            return Integer.valueOf(SPACING);
        }
        if (line == it.lastLine() && i + 1 < items.size()) {
            Kind next = items.get(i + 1).kind;
            if (next == Kind.DAY || next == Kind.DIVIDER) {
                return Integer.valueOf(SPACING);
            }
        }
        return null;
    }

    /**
     * Re-indents every message, one call per run of adjacent messages with the same indent: each call makes the
     * StyledText redraw and re-check the pointer, which for thousands of single calls took seconds.
     */
    private void reindentAll() {
        int i = 0;
        while (i < items.size()) {
            Item first = items.get(i);
            if (first.kind == Kind.OUTGOING) {
                int indent = indentFor(first);
                text.setLineWrapIndent(first.line, first.lines, indent);
                if (first.lines > 1) {
                    text.setLineIndent(first.line + 1, first.lines - 1, indent);
                }
            }
            if (first.kind != Kind.MESSAGE) {
                i++;
                continue;
            }
            int indent = indentFor(first);
            int end = first.line + first.lines;
            int j = i + 1;
            while (j < items.size()) {
                Item next = items.get(j);
                if (next.kind != Kind.MESSAGE || next.line != end || indentFor(next) != indent) {
                    break;
                }
                end = next.line + next.lines;
                j++;
            }
            text.setLineWrapIndent(first.line, end - first.line, indent);
            for (int k = i; k < j; k++) {
                Item item = items.get(k);
                if (item.lines > 1) {
                    text.setLineIndent(item.line + 1, item.lines - 1, indent);
                }
            }
            i = j;
        }
    }

    /** Width of a message's header as the StyledText draws it, so continuation lines start under the text. */
    private int indentFor(Item item) {
        Integer cached = indentCache.get(item.header);
        if (cached != null) {
            return cached;
        }
        TextLayout layout = new TextLayout(text.getDisplay());
        try {
            layout.setFont(text.getFont());
            layout.setText(item.header + "x");
            layout.setStyle(new TextStyle(boldFont, null, null), TIME_CHARS, TIME_CHARS + item.authorLength - 1);
            int width = layout.getLocation(item.header.length(), false).x;
            // a very long name must not squeeze the text into a sliver
            int limit = Math.max(80, text.getClientArea().width / 2);
            int indent = text.getClientArea().width > 0 ? Math.min(width, limit) : width;
            indentCache.put(item.header, indent);
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

    /** What is linked at the point: a link's target (a String) or an {@link OutgoingAction}; null if nothing. */
    private Object linkAt(int x, int y) {
        int offset = text.getOffsetAtPoint(new Point(x, y));
        if (offset < 0) {
            return null;
        }
        StyleRange range = text.getStyleRangeAtOffset(offset);
        return range != null && (range.data instanceof String || range.data instanceof OutgoingAction) ? range.data : null;
    }

    private void clicked(Event e) {
        if (e.button != 1 || text.getSelectionCount() > 0) {
            return;
        }
        Object link = linkAt(e.x, e.y);
        if (link instanceof String url) {
            linkHandler.accept(url);
        } else if (link instanceof OutgoingAction action) {
            outgoingHandler.accept(action);
        }
    }

    /** Draws a thin rule left and right of each visible day line and of the divider (in its colour). */
    private void paintRules(Event e) {
        if (items.isEmpty()) {
            return;
        }
        int top = text.getTopIndex();
        int bottom = text.getLineIndex(text.getClientArea().height);
        GC gc = e.gc;
        Rectangle area = text.getClientArea();
        int first = Math.max(0, itemIndexAt(top));
        for (int i = first; i < items.size() && items.get(i).line <= bottom; i++) {
            Item item = items.get(i);
            if (item.kind != Kind.DAY && item.kind != Kind.DIVIDER) {
                continue;
            }
            int offset = text.getOffsetAtLine(item.line);
            int length = text.getLine(item.line).length();
            if (length == 0) {
                continue;
            }
            gc.setForeground(item.kind == Kind.DIVIDER ? dividerColour : text.getDisplay().getSystemColor(SWT.COLOR_WIDGET_NORMAL_SHADOW));
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

    private static RGB blend(RGB base, RGB tint, double amount) {
        return new RGB((int) Math.round(base.red + (tint.red - base.red) * amount),
            (int) Math.round(base.green + (tint.green - base.green) * amount),
            (int) Math.round(base.blue + (tint.blue - base.blue) * amount));
    }
}
