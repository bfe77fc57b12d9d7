package org.chatnow.app.internal;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.osgi.util.NLS;

/**
 * One workbench per workspace, as the Eclipse IDE does it: the workspace (instance location, {@code ~/.chatnow/workspace}
 * by default) is locked while a workbench uses it. If another workbench holds it, the user chooses between a second
 * workspace ({@code ~/.chatnow/workspace-2}, then -3, …; a new one starts with a copy of the first one's settings) and
 * quitting; {@code -chatnowIfWorkspaceInUse another|quit} answers without asking (for scripts and tests). A
 * workspace given with {@code -data} is not replaced: then the only choice is to quit. Runs on the main thread before
 * the workbench starts.
 */
final class WorkspaceLock {
    static final String OPTION = "-chatnowIfWorkspaceInUse";
    /** Second, third, … workspaces tried before giving up. */
    static final int MAX_WORKSPACES = 9;
    /** What a process that did not start because its workspace was in use exits with. */
    static final int EXIT_IN_USE = 3;
    /** Where the instance-scope preferences of a workspace live. */
    private static final String SETTINGS = ".metadata/.plugins/org.eclipse.core.runtime/.settings";

    private WorkspaceLock() {
    }

    /** Locks this workbench's workspace, choosing another if needed. False: it is in use, and the application quits. */
    static boolean acquire() {
        Location instance = Platform.getInstanceLocation();
        if (instance == null || instance.isReadOnly()) {
            return true;
        }
        String answer = answer();
        try {
            if (instance.isSet()) {
                if (instance.lock()) {
                    return true;
                }
                Path given = path(instance.getURL());
                if (!"quit".equals(answer) && !"another".equals(answer)) {
                    MessageDialog.open(MessageDialog.ERROR, null, Messages.Workspace_inUseTitle,
                        NLS.bind(Messages.Workspace_inUseGiven, given), 0);
                }
                System.err.println(NLS.bind(Messages.Workspace_refused, given));
                return false;
            }
            URL first = instance.getDefault();
            if (first == null || instance.set(first, true)) {
                return true;
            }
            Path firstPath = path(first);
            Path second = sibling(firstPath, 2);
            boolean another = "another".equals(answer) || answer == null && MessageDialog.open(MessageDialog.QUESTION, null,
                Messages.Workspace_inUseTitle, NLS.bind(Messages.Workspace_inUse, firstPath, second), 0, Messages.Workspace_useAnother,
                Messages.Workspace_quit) == 0;
            if (!another) {
                System.err.println(NLS.bind(Messages.Workspace_refused, firstPath));
                return false;
            }
            for (int n = 2; n <= MAX_WORKSPACES; n++) {
                Path next = sibling(firstPath, n);
                boolean fresh = !Files.isDirectory(next.resolve(SETTINGS));
                if (instance.set(next.toUri().toURL(), true)) {
                    if (fresh) {
                        copySettings(firstPath, next);
                    }
                    return true;
                }
            }
            String message = NLS.bind(Messages.Workspace_allInUse, firstPath, sibling(firstPath, MAX_WORKSPACES));
            if (answer == null) {
                MessageDialog.open(MessageDialog.ERROR, null, Messages.Workspace_inUseTitle, message, 0);
            }
            System.err.println("chatnow: " + message);
            return false;
        } catch (IOException | IllegalStateException e) {
            // a workspace that cannot be locked (a read-only or remote folder): go on unlocked, as before
            ILog.of(WorkspaceLock.class).warn("Cannot lock the workspace: " + e.getMessage(), e);
            return true;
        }
    }

    /** The answer given on the command line ("another" or "quit"), or null: ask. */
    private static String answer() {
        String[] args = Platform.getApplicationArgs();
        for (int i = 0; i + 1 < args.length; i++) {
            if (OPTION.equals(args[i])) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static Path path(URL url) {
        return new File(url.getPath()).toPath().toAbsolutePath().normalize();
    }

    /** "workspace-2" beside "workspace". */
    static Path sibling(Path first, int n) {
        return first.resolveSibling(first.getFileName() + "-" + n);
    }

    /** The first workspace's settings, so that a second one knows the same servers, user and certificates. */
    private static void copySettings(Path from, Path to) {
        Path source = from.resolve(SETTINGS);
        if (!Files.isDirectory(source)) {
            return;
        }
        try (Stream<Path> files = Files.list(source)) {
            Path target = Files.createDirectories(to.resolve(SETTINGS));
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".prefs")) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            ILog.of(WorkspaceLock.class).warn("Could not copy the settings of " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
