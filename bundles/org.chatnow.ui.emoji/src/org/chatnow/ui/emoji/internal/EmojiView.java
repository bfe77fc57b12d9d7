package org.chatnow.ui.emoji.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.InlineImages;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

/**
 * The emoji palette: the emoji by category, with a filter by name. A click inserts the emoji into the message being
 * written in the conversation in front (through the insert-text command, so any chat editor can take it).
 */
public final class EmojiView extends ViewPart {
    /** Pixels of a palette button's picture. */
    private static final int SIZE = 24;
    private final Map<Button, EmojiCatalog.Emoji> buttons = new LinkedHashMap<>();
    private final Map<Composite, Label> headings = new LinkedHashMap<>();
    private ScrolledComposite scroller;
    private Composite content;
    private Text filter;

    @Override
    public void createPartControl(Composite parent) {
        Composite root = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(root);
        filter = new Text(root, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage(Messages.EmojiView_filter);
        filter.setData(UiIds.WIDGET_ROLE, "emojiFilter");
        GridDataFactory.fillDefaults().grab(true, false).indent(2, 2).applyTo(filter);
        filter.addListener(SWT.Modify, e -> applyFilter());

        scroller = new ScrolledComposite(root, SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(scroller);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        content = new Composite(scroller, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 2).spacing(0, 2).applyTo(content);
        scroller.setContent(content);
        scroller.addListener(SWT.Resize, e -> relayout());

        InlineImages images = ChatUi.inlineImages();
        EmojiCatalog catalog = images instanceof EmojiImages own ? own.catalog() : EmojiCatalog.load();
        Map<String, Composite> groups = new LinkedHashMap<>();
        for (EmojiCatalog.Emoji emoji : catalog.all()) {
            Composite group = groups.computeIfAbsent(emoji.category(), this::group);
            Button button = new Button(group, SWT.FLAT);
            Image image = images == null ? null : images.image(emoji.key(), SIZE);
            if (image != null) {
                button.setImage(image);
            } else {
                button.setText(emoji.text());
            }
            button.setToolTipText(emoji.name());
            button.setData(UiIds.WIDGET_ROLE, "emoji:" + emoji.key());
            button.addListener(SWT.Selection, e -> insert(emoji));
            buttons.put(button, emoji);
        }
        relayout();
    }

    private Composite group(String category) {
        Label heading = new Label(content, SWT.NONE);
        heading.setText(category.replace("&", "&&")); // a label would take & for a mnemonic
        heading.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().grab(true, false).indent(0, 4).applyTo(heading);
        Composite group = new Composite(content, SWT.NONE);
        RowLayout row = new RowLayout(SWT.HORIZONTAL);
        row.wrap = true;
        row.spacing = 0;
        row.marginLeft = row.marginRight = row.marginTop = row.marginBottom = 0;
        group.setLayout(row);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);
        headings.put(group, heading);
        return group;
    }

    private void insert(EmojiCatalog.Emoji emoji) {
        Commands.execute(getSite().getWorkbenchWindow(), UiIds.COMMAND_INSERT_TEXT, Map.of(UiIds.PARAMETER_TEXT, emoji.text()));
    }

    /** Shows the emoji whose name contains every word of the filter; hides categories left empty. */
    private void applyFilter() {
        String[] words = filter.getText().strip().toLowerCase(Locale.ROOT).split("\\s+");
        for (Map.Entry<Button, EmojiCatalog.Emoji> entry : buttons.entrySet()) {
            boolean shown = true;
            for (String word : words) {
                shown &= word.isEmpty() || entry.getValue().matches(word);
            }
            show(entry.getKey(), shown);
        }
        for (Map.Entry<Composite, Label> entry : headings.entrySet()) {
            boolean any = false;
            for (Control child : entry.getKey().getChildren()) {
                any |= child.getVisible();
            }
            show(entry.getKey(), any);
            show(entry.getValue(), any);
        }
        relayout();
    }

    private static void show(Control control, boolean shown) {
        control.setVisible(shown);
        Object data = control.getLayoutData();
        if (data instanceof org.eclipse.swt.layout.GridData grid) {
            grid.exclude = !shown;
        } else if (data instanceof org.eclipse.swt.layout.RowData row) {
            row.exclude = !shown;
        } else if (control.getParent().getLayout() instanceof RowLayout) {
            org.eclipse.swt.layout.RowData row = new org.eclipse.swt.layout.RowData();
            row.exclude = !shown;
            control.setLayoutData(row);
        }
    }

    /** Wraps the palette to the view's width and lets it scroll vertically. */
    private void relayout() {
        if (content == null || content.isDisposed()) {
            return;
        }
        int width = scroller.getClientArea().width;
        content.layout(true, true);
        scroller.setMinSize(content.computeSize(width > 0 ? width : SWT.DEFAULT, SWT.DEFAULT));
    }

    @Override
    public void setFocus() {
        filter.setFocus();
    }
}
