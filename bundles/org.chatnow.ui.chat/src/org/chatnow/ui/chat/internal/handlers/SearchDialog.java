package org.chatnow.ui.chat.internal.handlers;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatException;
import org.chatnow.client.ChatMessage;
import org.chatnow.client.Conversations;
import org.chatnow.client.HistoryPage;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.chatnow.ui.chat.internal.Messages;
import org.chatnow.ui.chat.internal.editor.ChatEditor;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * Chat ▸ Search Messages…: finds the messages of the conversation in front that contain a text (the server searches
 * its whole history), newest first, a page at a time; a double-click shows a found message in the conversation
 * (loading older history there first if needed). Not modal: the conversation stays usable beside it.
 */
final class SearchDialog extends Dialog {
    private static final int PAGE = 50;
    private static final int OLDER = IDialogConstants.CLIENT_ID + 1;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final ChatEditor editor;
    private final ChatClient client;
    private Text query;
    private Table results;
    private Label status;
    /** What the shown results were searched for, and where the next (older) page starts; 0: none. */
    private String searched;
    private long olderThan;

    SearchDialog(Shell parent, ChatEditor editor, ChatClient client) {
        super(parent);
        this.editor = editor;
        this.client = client;
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MODELESS);
        setBlockOnOpen(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(NLS.bind(Messages.Search_title, Conversations.title(editor.conversation(), client.user())));
        shell.setData(UiIds.WIDGET_ROLE, "searchDialog");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
        query = new Text(area, SWT.SEARCH | SWT.ICON_SEARCH);
        query.setMessage(Messages.Search_hint);
        query.setData(UiIds.WIDGET_ROLE, "searchText");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(query);
        query.addListener(SWT.DefaultSelection, e -> search(false));
        Button go = new Button(area, SWT.PUSH);
        go.setText(Messages.Search_find);
        go.setData(UiIds.WIDGET_ROLE, "searchFind");
        go.addListener(SWT.Selection, e -> search(false));
        results = new Table(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        results.setHeaderVisible(true);
        results.setData(UiIds.WIDGET_ROLE, "searchResults");
        for (String[] column : new String[][] {{Messages.Search_when, "120"}, {Messages.Search_from, "90"}, {Messages.Search_text, "380"}}) {
            TableColumn c = new TableColumn(results, SWT.LEFT);
            c.setText(column[0]);
            c.setWidth(Integer.parseInt(column[1]));
        }
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(620, 320).applyTo(results);
        results.addListener(SWT.DefaultSelection, e -> showSelected());
        status = new Label(area, SWT.WRAP);
        status.setData(UiIds.WIDGET_ROLE, "searchStatus");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(status);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, OLDER, Messages.Search_older, false).setEnabled(false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, false);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == OLDER) {
            search(true);
        } else if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
        } else {
            super.buttonPressed(buttonId);
        }
    }

    /** Asks the server (off the UI thread); {@code older}: the next page of the same search. */
    private void search(boolean older) {
        String text = older ? searched : query.getText().strip();
        if (text == null || text.isEmpty()) {
            return;
        }
        long before = older ? olderThan : 0;
        status.setText(NLS.bind(Messages.Search_searching, text));
        getButton(OLDER).setEnabled(false);
        client.search(editor.conversation(), text, before, PAGE).whenCompleteAsync((page, error) -> {
            if (results.isDisposed()) {
                return;
            }
            if (error != null) {
                status.setText(NLS.bind(Messages.Search_failed, ChatException.of(error).getMessage()));
                return;
            }
            show(text, page, older);
        }, new UiExecutor(getShell().getDisplay()));
    }

    private void show(String text, HistoryPage page, boolean older) {
        if (!older) {
            results.removeAll();
        }
        searched = text;
        List<ChatMessage> found = page.messages();
        ZoneId zone = ZoneId.systemDefault();
        // newest first: the page comes oldest first
        for (int i = found.size() - 1; i >= 0; i--) {
            ChatMessage m = found.get(i);
            TableItem item = new TableItem(results, SWT.NONE);
            item.setText(new String[] {WHEN.format(m.time().atZone(zone)), m.from(), m.text().replace('\n', ' ')});
            item.setData(m);
        }
        olderThan = found.isEmpty() ? 0 : found.get(0).seq();
        getButton(OLDER).setEnabled(page.more() && olderThan > 1);
        int count = results.getItemCount();
        String summary = count == 1 && !page.more() ? Messages.Search_foundOne : page.more() ? Messages.Search_foundMore : Messages.Search_found;
        status.setText(count == 0 ? NLS.bind(Messages.Search_none, text) : NLS.bind(summary, count, text));
    }

    private void showSelected() {
        TableItem[] selected = results.getSelection();
        if (selected.length == 1 && selected[0].getData() instanceof ChatMessage m) {
            editor.getSite().getPage().activate(editor);
            editor.reveal(m.seq(), () -> {
                if (!status.isDisposed()) {
                    status.setText(Messages.Search_notLoaded);
                }
            });
        }
    }
}
