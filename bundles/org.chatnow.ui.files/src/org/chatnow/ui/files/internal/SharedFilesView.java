package org.chatnow.ui.files.internal;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.chatnow.client.ChatException;
import org.chatnow.client.ListenerRegistration;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatListener;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.SharedFile;
import org.chatnow.ui.ByteSizes;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.SharedFileTransfers;
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
import org.eclipse.osgi.util.NLS;
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
    private ListenerRegistration registration;
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
        filter.setMessage(Messages.FilesView_filter);
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
        column(Messages.FilesView_name, 300, SWT.LEFT, 0, f -> f.name());
        column(Messages.FilesView_size, 90, SWT.RIGHT, 1, f -> ByteSizes.human(f.size()));
        column(Messages.FilesView_uploader, 120, SWT.LEFT, 2, SharedFile::uploader);
        column(Messages.FilesView_uploaded, 140, SWT.LEFT, 3, f -> DATE.format(f.uploaded()));
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
        viewer.addDoubleClickListener(e -> downloadSelected());

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
        Action upload = new Action(Messages.FilesView_upload) {
            @Override
            public void run() {
                FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN | SWT.MULTI);
                dialog.setText(Messages.FilesView_uploadDialog);
                if (dialog.open() != null) {
                    List<Path> chosen = new ArrayList<>();
                    for (String name : dialog.getFileNames()) {
                        chosen.add(Path.of(dialog.getFilterPath(), name));
                    }
                    upload(chosen);
                }
            }
        };
        upload.setToolTipText(Messages.FilesView_uploadTooltip);
        Action download = new Action(Messages.FilesView_download) {
            @Override
            public void run() {
                downloadSelected();
            }
        };
        download.setToolTipText(Messages.FilesView_downloadTooltip);
        Action downloadTo = new Action(Messages.FilesView_downloadTo) {
            @Override
            public void run() {
                List<SharedFile> chosen = selected();
                if (chosen.isEmpty()) {
                    return;
                }
                Path folder = askFolder();
                if (folder != null) {
                    chosen.forEach(f -> download(f, folder));
                }
            }
        };
        Action delete = new Action(Messages.FilesView_delete) {
            @Override
            public void run() {
                List<SharedFile> chosen = selected();
                if (!chosen.isEmpty() && MessageDialog.openConfirm(getSite().getShell(), Messages.FilesView_delete,
                    NLS.bind(Messages.FilesView_deleteConfirm, chosen.size() == 1 ? chosen.get(0).name()
                        : NLS.bind(Messages.FilesView_deleteSeveral, chosen.size())))) {
                    chosen.forEach(f -> client.files().delete(f.name()).whenCompleteAsync((ok, error) -> {
                        if (error != null) {
                            report(NLS.bind(Messages.FilesView_deleteFailed, f.name(), ChatException.of(error).getMessage()), true);
                        }
                    }, new UiExecutor(viewer.getControl().getDisplay())));
                }
            }
        };
        Action refresh = new Action(Messages.FilesView_refresh) {
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

    /** Uploads files; folders are refused with a message (checked off the UI thread). */
    void upload(List<Path> paths) {
        for (Path path : paths) {
            String name = path.getFileName().toString();
            SharedFileTransfers.upload(client, path, name, viewer.getControl().getDisplay(), outcome -> {
                if (outcome.succeeded()) {
                    report(NLS.bind(Messages.FilesView_uploaded_ok, outcome.file().name(), ByteSizes.human(outcome.file().size())), false);
                } else if (!outcome.cancelled()) {
                    report(NLS.bind(Messages.FilesView_uploadFailed, name, outcome.error().getMessage()), true);
                }
            });
        }
    }

    /** Downloads the selection into the download folder, or where the user says if the preferences ask so. */
    private void downloadSelected() {
        List<SharedFile> chosen = selected();
        if (chosen.isEmpty()) {
            return;
        }
        Path folder = null;
        if (FilesPreferences.askForFolder()) {
            folder = askFolder();
            if (folder == null) {
                return;
            }
        }
        for (SharedFile f : chosen) {
            download(f, folder);
        }
    }

    private Path askFolder() {
        DirectoryDialog dialog = new DirectoryDialog(getSite().getShell());
        dialog.setFilterPath(SharedFileTransfers.downloadFolder().toString());
        String folder = dialog.open();
        return folder == null ? null : Path.of(folder);
    }

    /** Downloads into {@code folder}, or into the download folder of the preferences when null. */
    void download(SharedFile file, Path folder) {
        SharedFileTransfers.download(client, file.name(), folder, viewer.getControl().getDisplay(), outcome -> {
            if (outcome.succeeded()) {
                report(NLS.bind(Messages.FilesView_downloaded, file.name(), outcome.target()), false);
            } else if (!outcome.cancelled()) {
                report(NLS.bind(Messages.FilesView_downloadFailed, file.name(), outcome.error().getMessage()), true);
            }
        });
    }

    private void refresh() {
        if (client.state() != ConnectionState.ONLINE) {
            report(Messages.FilesView_logIn, false);
            return;
        }
        client.files().list().whenCompleteAsync((list, error) -> {
            if (error != null) {
                report(NLS.bind(Messages.FilesView_listFailed, ChatException.of(error).getMessage()), true);
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
        report(files.size() == 1 ? NLS.bind(Messages.FilesView_oneFile, ByteSizes.human(bytes))
            : NLS.bind(Messages.FilesView_files, files.size(), ByteSizes.human(bytes)), false);
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

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (registration != null) {
            registration.close();
        }
        super.dispose();
    }
}
