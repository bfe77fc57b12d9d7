package org.chatnow.app.tests;

import static org.chatnow.app.tests.Workbench.run;
import static org.chatnow.app.tests.Workbench.ui;
import static org.chatnow.app.tests.Workbench.waitFor;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.chatnow.client.ChatClient;
import org.chatnow.client.ChatClients;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.testkit.ServerProcess;
import org.chatnow.ui.ChatUi;
import org.chatnow.ui.Commands;
import org.chatnow.ui.UiIds;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;

/**
 * A test's own server with the workbench logged in to it as one user, and headless clients for the others. Starts
 * from a clean editor area, so conversations of earlier test classes (on other servers) are out of the way.
 */
final class Session implements AutoCloseable {
    final ServerProcess server;
    final String user;
    final IWorkbenchWindow window;
    private final List<ChatClient> headless = new ArrayList<>();

    private Session(ServerProcess server, String user, IWorkbenchWindow window) {
        this.server = server;
        this.user = user;
        this.window = window;
    }

    /** A new server (TLS, as servers run by default); the workbench logs in to it as {@code user}. */
    static Session start(String user, String... serverOptions) throws Exception {
        List<String> options = new ArrayList<>(List.of("--tls"));
        options.addAll(List.of(serverOptions));
        ServerProcess server = ServerProcess.start(Files.createTempDirectory("chatnow-" + user), options.toArray(String[]::new));
        IWorkbenchWindow window = Workbench.window();
        prepare(ChatUi.client(), server);
        run(() -> {
            ChatUi.client().disconnect();
            window.getActivePage().closeAllEditors(false);
            window.getShell().forceActive();
        });
        return new Session(server, user, window);
    }

    /** A client without UI for {@code server}: its transport, and its certificate trusted as a user would have. */
    static ChatClient clientFor(ServerProcess server) {
        ChatClient client = ChatClients.create();
        prepare(client, server);
        return client;
    }

    /**
     * Makes {@code client} speak {@code server}'s transport and trust its certificate, as if the user had confirmed its
     * fingerprint before (the first-use dialog has tests of its own).
     */
    static void prepare(ChatClient client, ServerProcess server) {
        client.setTransport(server.tls() ? Transport.TLS : Transport.PLAINTEXT);
        if (server.tls()) {
            client.knownServers().pin(new ServerAddress("127.0.0.1", server.port()), server.tlsFingerprint());
        }
    }

    ServerAddress address() {
        return new ServerAddress("127.0.0.1", server.port());
    }

    /** Logs the workbench in (as the login dialog would) and waits until it is online. */
    void logIn() throws Exception {
        ChatUi.client().connect(address(), user, "password-of-" + user).get(20, TimeUnit.SECONDS);
        waitFor("the workbench online", () -> ChatUi.client().state(), s -> s == ConnectionState.ONLINE);
    }

    /** Another user, on a client without UI. */
    ChatClient headless(String name) throws Exception {
        ChatClient client = clientFor(server);
        headless.add(client);
        client.connect(address(), name, "password-of-" + name).get(20, TimeUnit.SECONDS);
        return client;
    }

    /** What {@code client} receives from now on, as "from: text" lines, as they arrive. */
    static List<String> received(ChatClient client) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        client.addListener(new org.chatnow.client.ChatListener() {
            @Override
            public void messageReceived(org.chatnow.client.ChatMessage message) {
                lines.add(message.from() + ": " + message.text());
            }
        }, Runnable::run);
        return lines;
    }

    IWorkbenchPage page() {
        return ui(window::getActivePage);
    }

    /** Opens (or brings forward) the editor of {@code conversation} through the open-conversation command. */
    void open(String conversation) throws InterruptedException {
        run(() -> Commands.execute(window, UiIds.COMMAND_OPEN_CONVERSATION, Map.of(UiIds.PARAMETER_CONVERSATION, conversation)));
        String title = org.chatnow.client.Conversations.title(conversation, user);
        waitFor(title + " in front", this::activeTitle, t -> title.equals(t));
    }

    void showView(String id) {
        run(() -> {
            try {
                window.getActivePage().showView(id);
            } catch (PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The tab titles of the open conversations, as the user reads them. */
    List<String> tabs() {
        return ui(() -> Arrays.stream(window.getActivePage().getEditorReferences()).map(IEditorReference::getTitle).toList());
    }

    String activeTitle() {
        return ui(() -> {
            IEditorPart editor = window.getActivePage().getActiveEditor();
            return editor == null ? null : editor.getTitle();
        });
    }

    IEditorPart editorTitled(String title) {
        return ui(() -> Arrays.stream(window.getActivePage().getEditorReferences())
            .filter(r -> r.getTitle().equals(title) || r.getTitle().startsWith(title + " ("))
            .map(r -> r.getEditor(true)).findFirst().orElse(null));
    }

    void activate(String title) throws InterruptedException {
        IEditorPart editor = editorTitled(title);
        run(() -> window.getActivePage().activate(editor));
        waitFor(title + " active", this::activeTitle, t -> t != null && t.startsWith(title));
    }

    /** The transcript in front. */
    StyledText transcript() {
        return ui(() -> Workbench.one(window.getShell(), "transcript"));
    }

    String transcriptText() {
        return ui(() -> ((StyledText) Workbench.one(window.getShell(), "transcript")).getText());
    }

    String typingLine() {
        return ui(() -> ((Label) Workbench.one(window.getShell(), "typing")).getText());
    }

    @Override
    public void close() {
        headless.forEach(ChatClient::close);
        run(() -> {
            ChatUi.client().disconnect();
            window.getActivePage().closeAllEditors(false);
        });
        server.close();
    }
}
