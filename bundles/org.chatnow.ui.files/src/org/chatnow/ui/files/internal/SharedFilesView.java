package org.chatnow.ui.files.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.SharedFile;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.UiExecutor;
import org.chatnow.ui.UiIds;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

/**
 * The server's shared folder: name, size, uploader and date, sortable and filterable, updated live as people
 * upload and delete. Upload with the button or by dropping files from the desktop; double-click downloads into the
 * download folder (Preferences ▸ ChatNow ▸ Shared Files). Transfers run as jobs in the Progress view.
 */
public final class SharedFilesView extends ViewPart {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private ChatClient client;
    private AutoCloseable registration;
    private TableViewer viewer;
    private Text filter;
    private Label status;
    private List<SharedFile> files = List.of();
    private int sortColumn;
    private boolean descending;

    @Override
    public void createPartControl(Composite parent) {
        client = ChatUi.client();
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);

        filter = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage("Filter by name or uploader");
        filter.setData(UiIds.WIDGET_ROLE, "filesFilter");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        filter.addModifyListener(e -> viewer.refresh());

        viewer = new TableViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setData(UiIds.WIDGET_ROLE, "files");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column("Name", 300, SWT.LEFT, 0, f -> f.name());
        column("Size", 90, SWT.RIGHT, 1, f -> Sizes.human(f.size()));
        column("Uploader", 120, SWT.LEFT, 2, SharedFile::uploader);
        column("Uploaded", 140, SWT.LEFT, 3, f -> DATE.format(f.uploaded()));
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                int result = comparator(sortColumn).compare((SharedFile) a, (SharedFile) b);
                return descending ? -result : result;
            }
        });
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parentElement, Object element) {
                String text = filter.getText().strip().toLowerCase(Locale.ROOT);
                SharedFile f = (SharedFile) element;
                return text.isEmpty() || f.name().toLowerCase(Locale.ROOT).contains(text) || f.uploader().toLowerCase(Locale.ROOT).contains(text);
            }
        });
        viewer.addDoubleClickListener(e -> selected().forEach(f -> download(f, null)));

        status = new Label(parent, SWT.NONE);
        status.setData(UiIds.WIDGET_ROLE, "filesStatus");
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 0).applyTo(status);

        createActions();
        acceptDrops(table);
        registration = client.addListener(new ChatListener() {
            @Override
            public void sharedFileChanged(SharedFile file, boolean deleted) {
                List<SharedFile> next = new ArrayList<>(files);
                next.removeIf(f -> f.name().equals(file.name()));
                if (!deleted) {
                    next.add(file);
                }
                show(next);
            }

            @Override
            public void stateChanged(ConnectionState state, String detail) {
                if (state == ConnectionState.ONLINE) {
                    refresh();
                }
            }
        }, new UiExecutor(parent.getDisplay()));
        refresh();
    }

    private void column(String title, int width, int align, int index, java.util.function.Function<SharedFile, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, align);
        TableColumn c = column.getColumn();
        c.setText(title);
        c.setWidth(width);
        c.setMoveable(true);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((SharedFile) element);
            }
        });
        c.addListener(SWT.Selection, e -> {
            descending = sortColumn == index && !descending;
            sortColumn = index;
            viewer.getTable().setSortColumn(c);
            viewer.getTable().setSortDirection(descending ? SWT.DOWN : SWT.UP);
            viewer.refresh();
        });
    }

    private static Comparator<SharedFile> comparator(int column) {
        return switch (column) {
            case 1 -> Comparator.comparingLong(SharedFile::size);
            case 2 -> Comparator.comparing(SharedFile::uploader, String.CASE_INSENSITIVE_ORDER);
            case 3 -> Comparator.comparing(SharedFile::uploaded);
            default -> Comparator.comparing(SharedFile::name, String.CASE_INSENSITIVE_ORDER);
        };
    }

    private void createActions() {
        Action upload = new Action("Upload...") {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN | SWT.MULTI);
                dialog.setText("Upload to the shared folder");
                if (dialog.open() != null) {
                    List<Path> chosen = new ArrayList<>();
                    for (String name : dialog.getFileNames()) {
                        chosen.add(Path.of(dialog.getFilterPath(), name));
                    }
                    upload(chosen);
                }
            }
        };
        upload.setToolTipText("Upload files to the shared folder (or drop them on the list)");
        Action download = new Action("Download") {
            @Override
            public void run() {
                selected().forEach(f -> download(f, null));
            }
        };
        download.setToolTipText("Download the selected files into the download folder");
        Action downloadTo = new Action("Download To...") {
            @Override
            public void run() {
                List<SharedFile> chosen = selected();
                if (chosen.isEmpty()) {
                    return;
                }
                DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
                dialog.setFilterPath(FilesPreferences.downloadFolder().toString());
                String folder = dialog.open();
                if (folder != null) {
                    chosen.forEach(f -> download(f, Path.of(folder)));
                }
            }
        };
        Action delete = new Action("Delete") {
            @Override
            public void run() {
                List<SharedFile> chosen = selected();
                if (!chosen.isEmpty() && MessageDialog.openConfirm(getSite().getShell(), "Delete",
                    "Delete " + (chosen.size() == 1 ? chosen.get(0).name() : chosen.size() + " files") + " from the shared folder for everyone?")) {
                    chosen.forEach(f -> client.files().delete(f.name()).whenCompleteAsync((ok, error) -> {
                        if (error != null) {
                            report("Cannot delete " + f.name() + ": " + cause(error).getMessage(), true);
                        }
                    }, new UiExecutor(viewer.getControl().getDisplay())));
                }
            }
        };
        Action refresh = new Action("Refresh") {
            @Override
            public void run() {
                refresh();
            }
        };
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(upload);
        toolbar.add(download);
        toolbar.add(refresh);
        MenuManager menu = new MenuManager();
        menu.add(download);
        menu.add(downloadTo);
        menu.add(delete);
        menu.add(upload);
        viewer.getTable().setMenu(menu.createContextMenu(viewer.getTable()));
    }

    private void acceptDrops(Table table) {
        DropTarget target = new DropTarget(table, DND.DROP_COPY | DND.DROP_DEFAULT);
        target.setTransfer(FileTransfer.getInstance());
        target.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent event) {
                event.detail = DND.DROP_COPY;
            }

            @Override
            public void drop(DropTargetEvent event) {
                if (event.data instanceof String[] paths) {
                    upload(java.util.Arrays.stream(paths).map(Path::of).toList());
                }
            }
        });
    }

    private List<SharedFile> selected() {
        List<SharedFile> chosen = new ArrayList<>();
        for (Object o : ((IStructuredSelection) viewer.getSelection()).toList()) {
            chosen.add((SharedFile) o);
        }
        return chosen;
    }

    /** Uploads regular files; folders are refused with a message. */
    void upload(List<Path> paths) {
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                report(path.getFileName() + " is not a file; upload the files inside a folder one by one", true);
                continue;
            }
            String name = path.getFileName().toString();
            new TransferJob("Uploading " + name, listener -> client.files().upload(path, name, listener), outcome -> ui(() -> {
                if (outcome.file() != null) {
                    report("Uploaded " + outcome.file().name() + " (" + Sizes.human(outcome.file().size()) + ", SHA-256 verified by the server)", false);
                } else if (!outcome.cancelled()) {
                    report("Upload of " + name + " failed: " + outcome.error().getMessage(), true);
                }
            })).schedule();
        }
    }

    /** Downloads into {@code folder}, or into the download folder of the preferences when null. */
    void download(SharedFile file, Path folder) {
        Path target;
        try {
            Path into = folder != null ? folder : FilesPreferences.downloadFolder();
            Files.createDirectories(into);
            target = freeName(into, file.name());
        } catch (IOException e) {
            report("Cannot write into the download folder: " + e.getMessage(), true);
            return;
        }
        new TransferJob("Downloading " + file.name(), listener -> client.files().download(file.name(), target, listener), outcome -> ui(() -> {
            if (outcome.file() != null) {
                report("Downloaded " + file.name() + " to " + target + " (SHA-256 verified)", false);
            } else if (!outcome.cancelled()) {
                report("Download of " + file.name() + " failed: " + outcome.error().getMessage(), true);
            }
        })).schedule();
    }

    /** {@code name} in {@code folder}, or "name (2).ext" and so on if that exists already. */
    static Path freeName(Path folder, String name) {
        Path candidate = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = folder.resolve(base + " (" + n + ")" + extension);
        }
        return candidate;
    }

    private void refresh() {
        if (client.state() != ConnectionState.ONLINE) {
            report("Log in to see the shared folder", false);
            return;
        }
        client.files().list().whenCompleteAsync((list, error) -> {
            if (error != null) {
                report("Cannot list the shared folder: " + cause(error).getMessage(), true);
            } else {
                show(list);
            }
        }, new UiExecutor(viewer.getControl().getDisplay()));
    }

    private void show(List<SharedFile> list) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        files = List.copyOf(list);
        viewer.setInput(files);
        long bytes = files.stream().mapToLong(SharedFile::size).sum();
        report(files.size() + (files.size() == 1 ? " file, " : " files, ") + Sizes.human(bytes), false);
    }

    private void report(String text, boolean error) {
        if (status == null || status.isDisposed()) {
            return;
        }
        status.setText(text);
        status.setToolTipText(text);
        status.setForeground(error ? status.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        status.getParent().layout(new org.eclipse.swt.widgets.Control[] {status});
    }

    private void ui(Runnable action) {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            new UiExecutor(viewer.getControl().getDisplay()).execute(action);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (registration != null) {
            try {
                registration.close();
            } catch (Exception e) {
                // removing a listener does not fail
            }
        }
        super.dispose();
    }
}
