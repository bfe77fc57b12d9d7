package org.chatnow.protocol;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Every frame of the ChatNow protocol. On the wire a frame is a 4-byte big-endian length followed by that many
 * bytes of UTF-8 JSON whose {@code type} property names the record below. docs/protocol.md is the contract.
 * Requests that expect an answer carry a client-chosen {@code id}, echoed in the answer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Frame.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = Frame.Login.class, name = "login"),
    @JsonSubTypes.Type(value = Frame.LoginOk.class, name = "login_ok"),
    @JsonSubTypes.Type(value = Frame.Synced.class, name = "synced"),
    @JsonSubTypes.Type(value = Frame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = Frame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = Frame.Message.class, name = "message"),
    @JsonSubTypes.Type(value = Frame.History.class, name = "history"),
    @JsonSubTypes.Type(value = Frame.HistoryPage.class, name = "history_page"),
    @JsonSubTypes.Type(value = Frame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = Frame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = Frame.Users.class, name = "users"),
    @JsonSubTypes.Type(value = Frame.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = Frame.RoomCreate.class, name = "room_create"),
    @JsonSubTypes.Type(value = Frame.RoomJoin.class, name = "room_join"),
    @JsonSubTypes.Type(value = Frame.RoomLeave.class, name = "room_leave"),
    @JsonSubTypes.Type(value = Frame.RoomList.class, name = "room_list"),
    @JsonSubTypes.Type(value = Frame.Room.class, name = "room"),
    @JsonSubTypes.Type(value = Frame.Rooms.class, name = "rooms"),
    @JsonSubTypes.Type(value = Frame.Admin.class, name = "admin"),
    @JsonSubTypes.Type(value = Frame.Ok.class, name = "ok"),
    @JsonSubTypes.Type(value = Frame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = Frame.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = Frame.Logout.class, name = "logout"),
    @JsonSubTypes.Type(value = Frame.Kicked.class, name = "kicked"),
    @JsonSubTypes.Type(value = Frame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = Frame.FileAuth.class, name = "file_auth"),
    @JsonSubTypes.Type(value = Frame.FileList.class, name = "file_list"),
    @JsonSubTypes.Type(value = Frame.Files.class, name = "files"),
    @JsonSubTypes.Type(value = Frame.Upload.class, name = "upload"),
    @JsonSubTypes.Type(value = Frame.UploadReady.class, name = "upload_ready"),
    @JsonSubTypes.Type(value = Frame.UploadDone.class, name = "upload_done"),
    @JsonSubTypes.Type(value = Frame.Download.class, name = "download"),
    @JsonSubTypes.Type(value = Frame.DownloadReady.class, name = "download_ready"),
    @JsonSubTypes.Type(value = Frame.FileDelete.class, name = "file_delete"),
    @JsonSubTypes.Type(value = Frame.FileEvent.class, name = "file_event"),
})
public sealed interface Frame {

    /**
     * A client request that carries a client-chosen {@code id}, echoed in its answer (or in the error refusing it).
     * Lets a server (or a test) name the request of any frame without knowing its type.
     */
    interface Request {
        /** The client-chosen request id; may be null when the client expects no answer naming it. */
        String id();
    }

    /** Client's first frame: the protocol version it speaks and a free-form client name. */
    record Hello(int version, String client) implements Frame {
    }

    /**
     * Server's answer to {@link Hello}: the version it speaks, the largest frame it accepts, and whether unknown
     * names may claim an account by logging in ({@code "open"}) or accounts are made by an admin ({@code "closed"}).
     */
    record Welcome(int version, String server, int maxFrameBytes, String registration, Integer filePort) implements Frame {
        public static final String OPEN = "open";
        public static final String CLOSED = "closed";

        public Welcome(int version, String server, int maxFrameBytes, String registration) {
            this(version, server, maxFrameBytes, registration, null);
        }
    }

    /**
     * Log in as {@code user} with {@code password}, or with {@code resume}, a token from an earlier
     * {@link LoginOk}. {@code have} maps conversations to the last sequence number the client already holds: the
     * server sends exactly the messages after it. For a conversation not in {@code have} the server sends the
     * messages after the user's read position (at most {@link Limits#SYNC_LIMIT}).
     */
    record Login(String id, String user, String password, String resume, Map<String, Long> have) implements Frame, Request {
        public Login(String id, String user, String password) {
            this(id, user, password, null, null);
        }
    }

    /**
     * Successful login. {@code resume} is a token to log in again without the password after a network loss;
     * {@code created} is true when this login created the account.
     */
    record LoginOk(String id, String user, String resume, boolean admin, boolean created) implements Frame {
    }

    /** One conversation the user is in, as listed by {@link Synced}. */
    record ConversationState(String conversation, String topic, long lastSeq, long readSeq, Map<String, Long> reads) {
    }

    /**
     * Sent after the messages the login replayed: every conversation the user is in. {@code truncated} lists the
     * conversations whose replay was cut at {@link Limits#SYNC_LIMIT} messages (older ones: {@link History}).
     */
    record Synced(String id, List<ConversationState> conversations, List<String> truncated) implements Frame {
        public Synced {
            conversations = conversations == null ? List.of() : List.copyOf(conversations);
            truncated = truncated == null ? List.of() : List.copyOf(truncated);
        }
    }

    /**
     * A chat message to a conversation ({@code room:<name>} or {@code dm:<a>:<b>}). A request {@code id} sent again
     * (after a lost ack) is stored once: the server answers with the original sequence number.
     */
    record Send(String id, String conversation, String text) implements Frame, Request {
    }

    /** The server stored the message of request {@code id} under sequence number {@code seq}. */
    record Ack(String id, String conversation, long seq) implements Frame {
    }

    /** A stored message delivered to a member of its conversation. {@code time} is epoch milliseconds. */
    record Message(String conversation, long seq, String from, long time, String text) implements Frame {
    }

    /**
     * Asks for up to {@code limit} messages before sequence number {@code before} (0: the newest); with {@code query},
     * only those whose text contains it (ignoring case): a search of the conversation.
     */
    record History(String id, String conversation, long before, long limit, String query) implements Frame, Request {
        /** A page of the history. */
        public History(String id, String conversation, long before, long limit) {
            this(id, conversation, before, limit, null);
        }
    }

    /** Answer to {@link History}, oldest first; {@code more} is true when older messages exist. */
    record HistoryPage(String id, String conversation, List<Message> messages, boolean more) implements Frame {
        public HistoryPage {
            messages = messages == null ? List.of() : List.copyOf(messages);
        }
    }

    /**
     * Client to server: the user has read {@code conversation} up to {@code seq} ({@code user} absent). Server to
     * client: {@code user} has read up to {@code seq}. Read positions only move forward.
     */
    record Read(String conversation, String user, long seq) implements Frame {
    }

    /** Client to server: the user is (or stopped) typing ({@code user} absent). Server to client: who is typing. */
    record Typing(String conversation, String user, boolean active) implements Frame {
    }

    /** A user and their presence. */
    record UserStatus(String user, String status) {
    }

    /**
     * The users online (replacing any earlier list), sent after login and again when the server changes what it
     * tells: {@code online} users in all; when {@code partial}, the list holds only the receiver and the users it has
     * private conversations with (a server with many users online).
     */
    record Users(List<UserStatus> users, int online, boolean partial) implements Frame {
        public Users {
            users = users == null ? List.of() : List.copyOf(users);
        }

        /** The whole list. */
        public Users(List<UserStatus> users) {
            this(users, users == null ? 0 : users.size(), false);
        }
    }

    /**
     * Server to client: {@code user}'s presence changed to {@code online}, {@code away} or {@code offline}.
     * Client to server ({@code user} absent): set the own presence to {@code online} or {@code away}.
     */
    record Presence(String user, String status) implements Frame {
        public static final String ONLINE = "online";
        public static final String AWAY = "away";
        public static final String OFFLINE = "offline";
    }

    /** Create room {@code room} (and join it). */
    record RoomCreate(String id, String room, String topic) implements Frame, Request {
    }

    /** Join room {@code room}. */
    record RoomJoin(String id, String room) implements Frame, Request {
    }

    /** Leave room {@code room}. */
    record RoomLeave(String id, String room) implements Frame, Request {
    }

    /** List the rooms. */
    record RoomList(String id) implements Frame, Request {
    }

    /** A room: its name (without {@code room:}), topic, member count and whether the user is a member. */
    record Room(String id, String room, String topic, int members, boolean joined) implements Frame {
    }

    /** Answer to {@link RoomList}. */
    record Rooms(String id, List<Room> rooms) implements Frame {
        public Rooms {
            rooms = rooms == null ? List.of() : List.copyOf(rooms);
        }
    }

    /**
     * An administrative action ({@code create_account}, {@code create_admin}, {@code reset_password}, {@code kick},
     * {@code ban}, {@code unban}) on {@code user}; allowed for an admin account, or for anyone who sends the server's
     * local admin {@code secret}.
     */
    record Admin(String id, String secret, String action, String user, String password, String reason) implements Frame, Request {
        public static final String CREATE_ACCOUNT = "create_account";
        public static final String CREATE_ADMIN = "create_admin";
        public static final String RESET_PASSWORD = "reset_password";
        public static final String KICK = "kick";
        public static final String BAN = "ban";
        public static final String UNBAN = "unban";
    }

    /** A request that has no other answer succeeded. */
    record Ok(String id) implements Frame {
    }

    /**
     * Keep-alive request, in both directions: a client pings a server it has not written to for a while, a server pings a
     * connection it has received nothing from for its idle period. Answered by {@link Pong} with the same id.
     */
    record Ping(String id) implements Frame, Request {
    }

    /** Keep-alive answer to a {@link Ping}, in the other direction. */
    record Pong(String id) implements Frame {
    }

    /** The client leaves; the server closes the connection and forgets the resume token of this session. */
    record Logout() implements Frame {
    }

    /** The server ends this session (e.g. the account logged in elsewhere); the client must not reconnect by itself. */
    record Kicked(String reason) implements Frame {
    }

    /**
     * A refused request or a broken frame. {@code id} names the request when there is one; codes: see
     * {@link ErrorCodes}. {@code retryAfter} (seconds) comes with {@code rate_limited}.
     */
    record Error(String id, String code, String message, Integer retryAfter) implements Frame {
        public Error(String id, String code, String message) {
            this(id, code, message, null);
        }
    }

    // ---------------------------------------------------------------- the shared folder (file connection)

    /** A file in the shared folder. {@code time} is epoch milliseconds of the upload's completion. */
    record SharedFile(String name, long size, String uploader, long time, String sha256) {
    }

    /** First request on a file connection (after hello): the user and the resume token of a chat login. */
    record FileAuth(String id, String user, String token) implements Frame, Request {
    }

    /** List the shared folder. */
    record FileList(String id) implements Frame, Request {
    }

    /** Answer to {@link FileList}, sorted by name. */
    record Files(String id, List<SharedFile> files) implements Frame {
        public Files {
            files = files == null ? List.of() : List.copyOf(files);
        }
    }

    /**
     * Start (or resume) uploading {@code size} bytes whose SHA-256 is {@code sha256} (lower-case hex) as {@code name}.
     * The server answers {@link UploadReady} with the offset to continue from; the client then sends the bytes from
     * that offset as binary frames. With {@code conversation}, the file is an attachment of that conversation, readable
     * by its members only and not listed in the shared folder; its {@link UploadDone} name is "{id}/{name}".
     */
    record Upload(String id, String name, long size, String sha256, String conversation) implements Frame, Request {
        /** An upload to the shared folder. */
        public Upload(String id, String name, long size, String sha256) {
            this(id, name, size, sha256, null);
        }
    }

    /** The server expects the upload's bytes from {@code offset} on (non-zero when resuming a partial upload). */
    record UploadReady(String id, String name, long offset) implements Frame {
    }

    /** The upload is complete, verified and visible, as {@code file} (its name may carry a suffix if the name was taken). */
    record UploadDone(String id, SharedFile file) implements Frame {
    }

    /**
     * Download {@code name} from byte {@code offset} on: a shared file, or with {@code conversation} an attachment of
     * that conversation ({@code name} as its upload_done gave it, "{id}/{name}").
     */
    record Download(String id, String name, long offset, String conversation) implements Frame, Request {
        /** A download from the shared folder. */
        public Download(String id, String name, long offset) {
            this(id, name, offset, null);
        }
    }

    /** The server sends {@code file}'s bytes from {@code offset} on as binary frames, right after this frame. */
    record DownloadReady(String id, SharedFile file, long offset) implements Frame {
    }

    /** Delete a file (one's own; admins any). */
    record FileDelete(String id, String name) implements Frame, Request {
    }

    /** On the chat connection: a file was added to or deleted from the shared folder. */
    record FileEvent(String action, SharedFile file) implements Frame {
        public static final String ADDED = "added";
        public static final String DELETED = "deleted";
    }
}
