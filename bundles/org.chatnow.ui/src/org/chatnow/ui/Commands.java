package org.chatnow.ui;

import java.util.Map;

import org.eclipse.core.commands.Command;
import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.statushandlers.StatusManager;
import org.eclipse.core.runtime.Status;

/** Executes commands by id, so bundles call each other's actions without compile-time dependencies. */
public final class Commands {

    private Commands() {
    }

    /**
     * Executes {@code commandId} with {@code parameters} in {@code window}; returns false (and logs) if no bundle
     * contributes that command or it fails. Must run on the UI thread.
     */
    public static boolean execute(IWorkbenchWindow window, String commandId, Map<String, String> parameters) {
        ICommandService commands = window.getService(ICommandService.class);
        IHandlerService handlers = window.getService(IHandlerService.class);
        Command command = commands.getCommand(commandId);
        if (!command.isDefined()) {
            return false;
        }
        try {
            handlers.executeCommand(ParameterizedCommand.generateCommand(command, parameters), null);
            return true;
        } catch (Exception e) {
            StatusManager.getManager().handle(Status.error("Could not run " + commandId + ": " + e.getMessage(), e),
                StatusManager.LOG | StatusManager.SHOW);
            return false;
        }
    }
}
