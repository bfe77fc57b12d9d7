package org.chatnow.app.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.ConversationInput;
import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.advanced.MPlaceholder;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;

/**
 * A self-check for tests and support, from the command line: {@code -chatnowSelfCheck FILE} writes what the window
 * shows (its size, the open views with where they are, the open conversations and which is in front) to FILE once
 * the workbench has settled (and logged in, with {@code -chatnowAutoLogin}). Before that, each
 * {@code -chatnowRun COMMAND} runs a workbench command as the menus would (e.g.
 * {@code org.eclipse.ui.views.showView(org.eclipse.ui.views.showView.viewId=org.eclipse.ui.views.ProgressView)}).
 * {@code -chatnowSelfCheckExit} then closes the workbench, which saves its layout as on any exit.
 */
final class SelfCheck {
    private static final int SETTLE_MILLIS = 1_500;
    private static final long LOGIN_TIMEOUT_MILLIS = 30_000;

    private final IWorkbenchWindow window;
    private final Path report;
    private final List<String> commands;
    private final boolean exit;
    private final boolean waitForLogin;
    private final long started = System.currentTimeMillis();

    private SelfCheck(IWorkbenchWindow window, Path report, List<String> commands, boolean exit, boolean waitForLogin) {
        this.window = window;
        this.report = report;
        this.commands = commands;
        this.exit = exit;
        this.waitForLogin = waitForLogin;
    }

    /** Starts the self-check if the command line asks for one. Call on the UI thread once the window is open. */
    static void startIfAsked(IWorkbenchWindow window) {
        String[] args = Platform.getApplicationArgs();
        Path report = null;
        List<String> commands = new ArrayList<>();
        boolean exit = false;
        boolean autoLogin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-chatnowSelfCheck" -> report = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "-chatnowRun" -> {
                    if (i + 1 < args.length) {
                        commands.add(args[++i]);
                    }
                }
                case "-chatnowSelfCheckExit" -> exit = true;
                case "-chatnowAutoLogin" -> autoLogin = true;
                default -> {
                    // other arguments
                }
            }
        }
        if (report != null) {
            new SelfCheck(window, report, commands, exit, autoLogin).waitToSettle();
        }
    }

    private Display display() {
        return window.getShell().getDisplay();
    }

    private void later(int millis, Runnable step) {
        display().timerExec(millis, () -> {
            if (!window.getShell().isDisposed()) {
                step.run();
            }
        });
    }

    private void waitToSettle() {
        ChatClient client = ChatUi.client();
        boolean loggedIn = client.state() == ConnectionState.ONLINE;
        if (waitForLogin && !loggedIn && System.currentTimeMillis() - started < LOGIN_TIMEOUT_MILLIS) {
            later(200, this::waitToSettle);
            return;
        }
        later(SETTLE_MILLIS, () -> runCommands(0));
    }

    private void runCommands(int index) {
        if (index >= commands.size()) {
            later(SETTLE_MILLIS, this::writeReport);
            return;
        }
        try {
            ICommandService commandService = window.getService(ICommandService.class);
            ParameterizedCommand command = commandService.deserialize(commands.get(index));
            window.getService(IHandlerService.class).executeCommand(command, null);
        } catch (Exception e) {
            System.err.println("chatnow self-check: command " + commands.get(index) + " failed: " + e);
        }
        later(300, () -> runCommands(index + 1));
    }

    private void writeReport() {
        List<String> lines = describe();
        String text = String.join("\n", lines) + "\n";
        // the disk is not for the UI thread
        Thread writer = new Thread(() -> {
            try {
                Path partial = report.resolveSibling(report.getFileName() + ".part");
                Files.writeString(partial, text, StandardCharsets.UTF_8);
                Files.move(partial, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                System.err.println("chatnow self-check: cannot write " + report + ": " + e);
            }
            if (exit && !display().isDisposed()) {
                display().asyncExec(() -> window.getWorkbench().close());
            }
        }, "ChatNow self-check");
        writer.start();
    }

    /** What the window shows, one fact per line. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        Shell shell = window.getShell();
        Rectangle size = shell.getBounds();
        lines.add("window " + size.width + " " + size.height);
        var workspace = Platform.getInstanceLocation();
        lines.add("workspace " + (workspace == null || !workspace.isSet() ? "none" : new java.io.File(workspace.getURL().getPath()).toPath().normalize()));
        ChatClient client = ChatUi.client();
        lines.add("connection " + client.state() + " " + (client.security() == null ? "none" : client.security().describe()));
        IWorkbenchPage page = window.getActivePage();
        if (page == null) {
            return lines;
        }
        lines.add("perspective " + (page.getPerspective() == null ? "none" : page.getPerspective().getId()));
        EModelService models = window.getService(EModelService.class);
        MWindow model = window.getService(MWindow.class);
        for (IViewReference ref : page.getViewReferences()) {
            lines.add("view " + ref.getId() + " " + where(models, model, ref.getId(), shell));
        }
        IEditorPart active = page.getActiveEditor();
        for (IEditorReference ref : page.getEditorReferences()) {
            String conversation = "?";
            try {
                conversation = ref.getEditorInput() instanceof ConversationInput input ? input.conversation() : ref.getEditorInput().getName();
            } catch (PartInitException e) {
                conversation = "unrestorable";
            }
            boolean isActive = active != null && ref.getEditor(false) == active;
            lines.add("editor " + conversation + (isActive ? " active" : ""));
        }
        return lines;
    }

    /** Where a view's stack is in the window ("x y width height"), or "minimized" / "hidden". */
    private static String where(EModelService models, MWindow model, String viewId, Shell shell) {
        if (models == null || model == null) {
            return "unknown";
        }
        List<MPlaceholder> holders = models.findElements(model, viewId, MPlaceholder.class, null);
        List<MPart> parts = models.findElements(model, viewId, MPart.class, null);
        MUIElement element = !holders.isEmpty() ? holders.get(0) : parts.isEmpty() ? null : parts.get(0);
        if (element == null) {
            return "unknown";
        }
        Object parent = element.getParent();
        MUIElement stack = parent instanceof MPartStack s ? s : element;
        if (stack.getTags().contains("Minimized") || stack.getTags().contains("MinimizedByZoom")) {
            return "minimized";
        }
        if (!(stack.getWidget() instanceof Control control) || control.isDisposed() || !control.isVisible()) {
            return "hidden";
        }
        Rectangle bounds = shell.getDisplay().map(control.getParent(), shell, control.getBounds());
        return bounds.x + " " + bounds.y + " " + bounds.width + " " + bounds.height;
    }
}
