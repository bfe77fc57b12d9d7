package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.one;
import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.TransferListener;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.ui.ChatUi;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Shared Files view in the real workbench: live listing, filter, double-click download with verification. */
class SharedFilesViewTest {
    private static ServerProcess server;
    private static ChatClient bob;

    @BeforeAll
    static void start() throws Exception {
        server = ServerProcess.start(Files.createTempDirectory("chatnow-files-ui"), "--tls");
        Session.prepare(ChatUi.client(), server);
        ChatUi.client().connect(new ServerAddress("127.0.0.1", server.port()), "filer", "password-of-filer").get(20, TimeUnit.SECONDS);
        bob = Session.clientFor(server);
        bob.connect(new ServerAddress("127.0.0.1", server.port()), "bob", "password-of-bob").get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        bob.close();
        run(() -> ChatUi.client().disconnect());
        server.close();
    }

    private static List<String> rows(Table table) {
        return Arrays.stream(table.getItems()).map(item -> item.getText(0) + "|" + item.getText(2)).toList();
    }

    @Test
    void uploadsAppearLiveAndADoubleClickDownloadsAVerifiedCopy() throws Exception {
        IWorkbenchWindow window = Workbench.window();
        run(() -> {
            try {
                window.getActivePage().showView("org.chatnow.ui.files.view");
            } catch (org.eclipse.ui.PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
        Shell shell = window.getShell();
        Path downloads = Files.createTempDirectory("chatnow-downloads");
        var node = InstanceScope.INSTANCE.getNode("org.chatnow.ui.files");
        node.put("downloadFolder", downloads.toString());
        node.flush();

        byte[] content = new byte[3_000_000];
        new Random(5).nextBytes(content);
        Path source = Files.createTempDirectory("chatnow-upload").resolve("plans.bin");
        Files.write(source, content);
        bob.files().upload(source, "plans.bin", TransferListener.NONE).result().get(30, TimeUnit.SECONDS);

        List<String> listed = waitFor("bob's upload in the Shared Files view", () -> rows(one(shell, "files")), r -> r.contains("plans.bin|bob"));
        assertTrue(listed.size() == 1, listed.toString());

        run(() -> {
            Text filter = one(shell, "filesFilter");
            filter.setText("nothing-like-this");
        });
        waitFor("the filter to hide it", () -> ((Table) one(shell, "files")).getItemCount(), n -> n == 0);
        run(() -> ((Text) one(shell, "filesFilter")).setText("PLANS"));
        waitFor("the filter to show it again (ignoring case)", () -> ((Table) one(shell, "files")).getItemCount(), n -> n == 1);

        run(() -> {
            Table table = one(shell, "files");
            table.setSelection(0);
            table.notifyListeners(SWT.Selection, new Event());
            Event doubleClick = new Event();
            doubleClick.item = table.getItem(0);
            table.notifyListeners(SWT.DefaultSelection, doubleClick);
        });
        Path target = downloads.resolve("plans.bin");
        waitFor("the verified download in the download folder", () -> Files.exists(target), Boolean.TRUE::equals);
        assertArrayEquals(content, Files.readAllBytes(target));
        String status = waitFor("the result in the view", () -> ((Label) one(shell, "filesStatus")).getText(), t -> t.startsWith("Downloaded"));
        assertTrue(status.contains("SHA-256 verified"), status);
        assertTrue(ui(() -> ((TableItem) ((Table) one(shell, "files")).getItem(0)).getText(1)).endsWith("MB"));
    }
}
