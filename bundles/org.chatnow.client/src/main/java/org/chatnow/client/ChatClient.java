package org.chatnow.client;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One user's connection to a ChatNow server. In OSGi it is a declarative-services component; elsewhere
 * {@link ChatClients#create()} makes one. Methods never block: results arrive as futures and listener calls.
 * <p>
 * <b>Threads.</b> Methods may be called from any thread. Listeners run on the {@link Executor} they were added
 * with, handed to it in the order the events happened (a serial executor, such as a UI thread's, runs them in that
 * order). Futures complete on the client's own threads (its network thread or its timer); one that fails at once
 * (e.g. offline) is returned completed, and {@link #disconnect()} fails pending ones on the calling thread. So a stage
 * added with {@code thenApply}, {@code whenComplete} and the like may run on any of these and must not block or touch a
 * UI toolkit: add stages with the {@code ...Async} variants and an executor of yours (a workbench passes its UI
 * executor: {@code history(...).whenCompleteAsync(show, uiExecutor)}). A future of this API fails with a
 * {@link ChatException}; {@link ChatException#of(Throwable)} unwraps what {@code join()}, {@code get()} or a
 * {@code whenComplete} stage report.
 * <p>
 * After a network loss or a server restart the client reconnects by itself (exponential backoff with jitter),
 * resumes its session without the password, and receives exactly the messages it missed; messages sent meanwhile
 * wait in an outbox and are sent once. A client that was {@link ConnectionState#KICKED} stays offline.
 * <p>
 * <b>Transport security.</b> With {@link Transport#TLS} the chat and file connections use TLS 1.3 or 1.2. A server
 * certificate that the JDK's trust store accepts for the server's host name is trusted; otherwise only the certificate
 * pinned in {@link #knownServers()} is. Any other makes {@link #connect} fail with an {@link UntrustedServerException}
 * (nothing is sent before the check), and an automatic reconnect that meets one stops: the client goes
 * {@link ConnectionState#OFFLINE} with that reason instead of retrying. File connections accept only the very
 * certificate the chat connection was verified with.
 */
public interface ChatClient extends AutoCloseable {

    /**
     * Connects to {@code server} and logs in as {@code user}. On an open server a new name with a password creates
     * the account. The future completes when the session is online and the messages the user missed have arrived
     * (listeners have been called for them), or fails with a {@link ChatException} saying why (unreachable server,
     * wrong password, ...).
     */
    CompletableFuture<Void> connect(ServerAddress server, String user, String password);

    /** Logs out and closes the connection; listeners see {@link ConnectionState#OFFLINE}. Queued messages fail. */
    void disconnect();

    /**
     * Reconnects now: while {@link ConnectionState#RECONNECTING}, skips the wait; when offline or kicked after an
     * earlier login, logs in again to the same server as the same user. Does nothing while online.
     */
    void reconnect();

    /**
     * Sends {@code text} to {@code conversation} (see {@link Conversations}); the future completes with the message's
     * sequence number. While reconnecting the message waits in the outbox; when offline it fails at once.
     */
    CompletableFuture<Long> send(String conversation, String text);

    /**
     * Takes a message out of the outbox before it goes to the server: {@code sent} is the future {@link #send} returned
     * for it. That works while the message waits for the connection (reconnecting) and was never written to one; its
     * future then fails with {@link ChatException#CANCELLED}. Returns false when it is too late: the message was written
     * to a connection (the server may have stored it, so its ack or failure will still come, also after a reconnect),
     * or its future is already done.
     *
     * @since 2.3
     */
    boolean cancelSend(CompletableFuture<Long> sent);

    /** Up to {@code limit} messages before sequence number {@code beforeSeq} (0: the newest), oldest first. */
    CompletableFuture<HistoryPage> history(String conversation, long beforeSeq, int limit);

    /**
     * Searches {@code conversation}: up to {@code limit} of its messages before {@code beforeSeq} (0: from the newest)
     * whose text contains {@code query}, ignoring case, oldest first; {@link HistoryPage#more()} says whether older
     * ones match too (ask again before the oldest found).
     */
    CompletableFuture<HistoryPage> search(String conversation, String query, long beforeSeq, int limit);

    CompletableFuture<List<RoomInfo>> rooms();

    /** Creates a room (name: lower-case letters, digits, '.', '_', '-') and joins it. */
    CompletableFuture<RoomInfo> createRoom(String name, String topic);

    CompletableFuture<RoomInfo> joinRoom(String name);

    CompletableFuture<RoomInfo> leaveRoom(String name);

    /** Tells the others whether the user is typing in {@code conversation}. Ignored while not online. */
    void typing(String conversation, boolean active);

    /** Marks {@code conversation} read up to {@code seq}; the other members see it. */
    void markRead(String conversation, long seq);

    /** Sets the user's presence to away (true) or online (false); kept across reconnects. */
    void setAway(boolean away);

    /** Runs an admin action, authorised by the user being an admin or by the server's {@code adminSecret}. */
    CompletableFuture<Void> admin(String adminSecret, String action, String user, String password, String reason);

    /**
     * Runs an admin action authorised by the server's admin secret alone (no account, e.g. to create the first accounts
     * of a server with closed registration), on a short connection of its own to {@code server}, whatever this client's
     * own connection is doing. It uses this client's {@link #transport()} and {@link #knownServers()}: over TLS the
     * certificate is checked as for a login before the secret is sent, and a refused one fails with an
     * {@link UntrustedServerException}.
     */
    CompletableFuture<Void> adminWithSecret(ServerAddress server, String adminSecret, String action, String user, String password,
        String reason);

    /** The server's shared folder (usable once this client has logged in, also while it reconnects). */
    SharedFiles files();

    ConnectionState state();

    /** When the next reconnect attempt is due, while {@link ConnectionState#RECONNECTING}; otherwise null. */
    Instant nextReconnect();

    /** The logged-in (or last logged-in) user's name, or null. */
    String user();

    /** The server this client is (or was last) connected to, or null. */
    ServerAddress server();

    /** Users online now with their presence, sorted; empty when offline. */
    List<UserPresence> users();

    /**
     * How many users are online on the server; 0 when offline. Equal to the size of {@link #users()} unless
     * {@link #usersPartial()}.
     */
    int onlineCount();

    /**
     * Whether {@link #users()} holds only the user and the people they have private conversations with: a server with
     * many users online tells each only about those (and {@link #onlineCount()}).
     */
    boolean usersPartial();

    /** Names of the users online now, sorted; empty when offline. */
    List<String> onlineUsers();

    /** The conversations the user is in, as of the last login and what happened since. */
    List<ConversationInfo> conversations();

    /**
     * Registers {@code listener}; every call to it runs on {@code executor}, in the order events happened.
     * Closing the returned registration removes it.
     */
    ListenerRegistration addListener(ChatListener listener, Executor executor);

    /**
     * Chooses how the next {@link #connect} (and its reconnects and file transfers) reaches the server; the default is
     * {@link Transport#DEFAULT}. A connection already open keeps its transport.
     */
    void setTransport(Transport transport);

    Transport transport();

    /**
     * The pins consulted when the system does not trust a server's certificate; an in-memory set unless set here.
     * Takes effect at the next handshake.
     */
    void setKnownServers(KnownServers knownServers);

    KnownServers knownServers();

    /**
     * How the current connection to the server is protected, once it is established (from the server's welcome on:
     * while logging in, online, and during a reconnect's login); null while there is no connection.
     */
    ConnectionSecurity security();

    /**
     * Why the client went {@link ConnectionState#OFFLINE} by itself after a login, when a reconnect was refused: e.g. an
     * {@link UntrustedServerException} with both fingerprints when the server's certificate changed. Null while
     * connected, after {@link #disconnect()}, and when {@link #connect}'s future reported the failure.
     */
    ChatException reconnectFailure();

    /** Disconnects and releases the client's threads. */
    @Override
    void close();
}
