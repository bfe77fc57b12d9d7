package org.chatnow.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.chatnow.protocol.DataChunk;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameJson;
import org.chatnow.protocol.Limits;
import org.chatnow.protocol.MalformedFrameException;
import org.chatnow.server.ServerConfig;
import org.chatnow.server.store.ChatStore;
import org.chatnow.server.store.JdbcChatStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the chat connection's frame handling (Jazzer): frames built from fuzz data (any type,
 * hostile strings, extreme numbers, nulls) go to the real {@link ChatHandler} from two clients on MINA's in-memory
 * sessions, one not logged in and one logged in (sometimes as an admin), over the real H2 store. While fuzzing, one
 * handler and store serve every input, so state piles up as on a real server; in a plain test run each seed and past
 * finding under {@code src/test/resources/org/chatnow/server/internal/ChatHandlerFuzzTestInputs/} is replayed on a
 * fresh server. docs/fuzzing.md lists the invariants.
 */
class ChatHandlerFuzzTest {
    /** The account the liveness check logs in with; fuzz data never names it, so no fuzz input may lock it out legitimately. */
    private static final String PROBE = "probe";
    private static final List<String> ACCOUNTS = List.of("alice", "bob", "root");
    private static final Set<String> ERROR_CODES = errorCodes();
    /** Words of the implementation that an error message must not show unless the client sent them itself. */
    private static final List<String> IMPLEMENTATION_WORDS = List.of("org.", "java", "jackson", "exception", "$", "sql", "h2");
    /** Java names of the frame records (LoginOk, HistoryPage...): the protocol calls them login_ok, history_page. */
    private static final Pattern CLASS_NAMES = Pattern.compile("\\b(" + Stream.concat(Stream.of(Frame.class), Stream.of(Frame.class.getDeclaredClasses()))
        .map(Class::getSimpleName).collect(Collectors.joining("|")) + ")\\b");
    /** What a session may be sent before it has logged in: nothing of any conversation, user or room. */
    private static final Set<Class<?>> BEFORE_LOGIN = Set.of(Frame.Welcome.class, Frame.Error.class, Frame.Pong.class, Frame.Ok.class,
        Frame.Kicked.class);
    /** Strings the server knows, so that fuzz data reaches past the first checks. */
    private static final List<String> KNOWN = List.of("alice", "bob", "root", "carol", "lobby", "dev", Limits.LOBBY, "room:dev",
        "dm:alice:bob", "dm:alice:root", "dm:bob:alice", "dm:alice:alice", "room:", "dm:", "dm:alice:carol", "password-of-alice",
        "password-of-root", Frame.Presence.ONLINE, Frame.Presence.AWAY, Frame.Presence.OFFLINE, Frame.Admin.CREATE_ACCOUNT,
        Frame.Admin.CREATE_ADMIN, Frame.Admin.RESET_PASSWORD, Frame.Admin.KICK, Frame.Admin.BAN, Frame.Admin.UNBAN, "r1", "");
    /** Strings that have broken servers before: NUL, half a surrogate pair, SQL and LIKE syntax, direction overrides, huge. */
    private static final List<String> HOSTILE = List.of("\u0000", "a\u0000b", "\ud83d", "\ude00x", "' OR '1'='1", "%", "_", "\\",
        "\u202e", "\ufeff", " ", "\t\n", "room:lobby\u0000", "dm:\u0000:alice", "ａｌｉｃｅ", "Alice", "x".repeat(Limits.MAX_TEXT_CHARS + 1),
        "y".repeat(Limits.MAX_PASSWORD_CHARS + 1), "z".repeat(33));

    @TempDir
    Path data;
    private ChatStore store;
    private ChatHandler handler;
    private final Deadlines deadlines = new Deadlines();
    private int addresses;
    private final Passwords passwords = new Passwords(1000);
    /** A logged-in client per account, kept from input to input (a login per input would halve the executions). */
    private final Map<String, InMemoryClient> members = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        // the real store on H2 with the server's schema, kept in memory: every login writes, and syncing each write
        // to disk (what the file URL does for durability, which is not fuzzed here) would cut executions tenfold
        store = JdbcChatStore.open("jdbc:h2:mem:fuzz-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
        ServerConfig config = ServerConfig.defaults().dataDirectory(data).passwordIterations(1000);
        handler = new ChatHandler(config, store, new InMemorySessionRegistry(), AdminSecret.load(data), Runnable::run, null, new FileSessions(), deadlines,
            new ConnectionsPerAddress(0));
        // an admin, so that admin requests get past the permission check
        assertTrue(store.createAccount("root", passwords.hash("password-of-root"), true, System.currentTimeMillis()));
        InMemoryClient alice = login("alice");
        alice.send(new Frame.RoomCreate("c", "dev", "a room besides the lobby"));
        alice.expect(Frame.Room.class);
        close(alice);
    }

    @AfterEach
    void stop() {
        handler.close();
        deadlines.close();
        store.close();
    }

    /**
     * Any frames from a client that has not logged in and from one that has: nothing but the documented outcomes (an
     * answer or an error frame) comes out, every error has a protocol code and a message in the protocol's terms, the
     * client that has not logged in is told nothing of any conversation, and a new client can still log in afterwards.
     */
    @FuzzTest(maxDuration = "10s")
    void anyFramesLeaveTheServerAnsweringAndTellingOnlyWhatItMay(FuzzedDataProvider fuzz) throws Exception {
        InMemoryClient stranger = client();
        if (fuzz.consumeBoolean()) {
            stranger.hello();
        }
        InMemoryClient member = member(fuzz.pickValue(ACCOUNTS));
        List<String> sent = new ArrayList<>();
        try {
            int frames = fuzz.consumeInt(1, 8);
            for (int i = 0; i < frames && fuzz.remainingBytes() > 0; i++) {
                InMemoryClient from = fuzz.consumeBoolean() && member != null ? member : stranger;
                Object frame = frame(fuzz, sent);
                if (frame != null) {
                    // no exception may escape: MINA would only log it and close the connection
                    handler.messageReceived(from.session, frame);
                }
            }
            String clientText = String.join("\n", sent);
            List<Frame> toStranger = stranger.drain();
            assertErrorsTellOnlyTheProtocol(toStranger, clientText);
            if (member != null) {
                assertErrorsTellOnlyTheProtocol(member.drain(), clientText);
            }
            assertNothingBeforeLogin(toStranger);
            assertANewClientCanLogIn();
        } finally {
            close(stranger);
        }
    }

    /** {@code user}'s client, logged in again when an earlier input ended its session (logout, kick, ban...). */
    private InMemoryClient member(String user) throws Exception {
        InMemoryClient member = members.get(user);
        if (member == null || member.session.isClosing() || SessionState.of(member.session).ending()
            || !user.equals(SessionState.userOf(member.session))) {
            if (member != null) {
                close(member);
            }
            // an admin input may have banned the account or reset its password: that is what admins may do
            store.setBanned(user, false);
            store.updatePassword(user, passwords.hash("password-of-" + user));
            member = client().hello();
            member.send(new Frame.Login("login", user, "password-of-" + user));
            Frame answer = member.received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            if (answer instanceof Frame.Error error && error.code().equals(ErrorCodes.RATE_LIMITED)) {
                // inputs guessed this account's password too often: the throttle is right, this input goes without it
                close(member);
                members.remove(user);
                return null;
            }
            assertTrue(answer instanceof Frame.LoginOk ok && ok.user().equals(user), "login of " + user + ": " + answer);
            member.expect(Frame.Synced.class);
            members.put(user, member);
        }
        member.drain();
        return member;
    }

    private InMemoryClient client() throws Exception {
        InMemoryClient client = new InMemoryClient(handler);
        // an address of its own: the login throttle counts failures per address, and a probe must not inherit them
        int n = ++addresses;
        client.session.setRemoteAddress(new InetSocketAddress(
            InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n}), 40000));
        return client;
    }

    private InMemoryClient login(String user) throws Exception {
        InMemoryClient client = client().hello();
        client.send(new Frame.Login("login", user, "password-of-" + user));
        assertEquals(user, client.expect(Frame.LoginOk.class).user());
        client.expect(Frame.Synced.class);
        return client;
    }

    private void close(InMemoryClient client) {
        client.session.closeNow();
        handler.sessionClosed(client.session);
    }

    /** One frame as a client could send it: a client request, a frame only servers send, or a binary chunk. */
    private Object frame(FuzzedDataProvider fuzz, List<String> sent) {
        Frame frame = switch (fuzz.consumeInt(0, 17)) {
            case 0 -> new Frame.Hello(fuzz.consumeBoolean() ? Limits.PROTOCOL_VERSION : fuzz.consumeInt(), text(fuzz, sent));
            case 1 -> new Frame.Login(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), have(fuzz, sent));
            case 2, 3 -> new Frame.Send(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent));
            case 4 -> new Frame.History(text(fuzz, sent), text(fuzz, sent), number(fuzz), number(fuzz), text(fuzz, sent));
            case 5 -> new Frame.Read(text(fuzz, sent), text(fuzz, sent), number(fuzz));
            case 6 -> new Frame.Typing(text(fuzz, sent), text(fuzz, sent), fuzz.consumeBoolean());
            case 7 -> new Frame.Presence(text(fuzz, sent), text(fuzz, sent));
            case 8 -> new Frame.RoomCreate(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent));
            case 9 -> new Frame.RoomJoin(text(fuzz, sent), text(fuzz, sent));
            case 10 -> new Frame.RoomLeave(text(fuzz, sent), text(fuzz, sent));
            case 11 -> new Frame.RoomList(text(fuzz, sent));
            case 12, 13 -> new Frame.Admin(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), text(fuzz, sent));
            case 14 -> new Frame.Ping(text(fuzz, sent));
            case 15 -> new Frame.Logout();
            case 16 -> serverFrame(fuzz, sent);
            default -> null;
        };
        if (frame == null) {
            return new DataChunk(fuzz.consumeBytes(16));
        }
        return onTheWire(frame) ? frame : null;
    }

    private Frame serverFrame(FuzzedDataProvider fuzz, List<String> sent) {
        return switch (fuzz.consumeInt(0, 5)) {
            case 0 -> new Frame.Ack(text(fuzz, sent), text(fuzz, sent), number(fuzz));
            case 1 -> new Frame.Message(text(fuzz, sent), number(fuzz), text(fuzz, sent), number(fuzz), text(fuzz, sent));
            case 2 -> new Frame.LoginOk(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent), true, true);
            case 3 -> new Frame.Error(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent));
            case 4 -> new Frame.FileAuth(text(fuzz, sent), text(fuzz, sent), text(fuzz, sent));
            default -> new Frame.Kicked(text(fuzz, sent));
        };
    }

    /**
     * Whether a client could send {@code frame}: its JSON must decode again (the codec refuses, say, half a surrogate
     * pair, so the handler never sees one). The frame itself goes to the handler, null map values and all.
     */
    private static boolean onTheWire(Frame frame) {
        try {
            byte[] json = FrameJson.toBytes(frame);
            FrameJson.fromBytes(json, 0, json.length);
            return true;
        } catch (IllegalArgumentException | MalformedFrameException e) {
            return false;
        }
    }

    /** A string field: absent, one the server knows, a hostile one, or any text; never the probe's name. */
    private static String text(FuzzedDataProvider fuzz, List<String> sent) {
        String text = switch (fuzz.consumeInt(0, 4)) {
            case 0 -> null;
            case 1 -> fuzz.pickValue(KNOWN);
            case 2 -> fuzz.pickValue(HOSTILE);
            default -> fuzz.consumeString(fuzz.consumeInt(0, 64));
        };
        if (text != null && text.toLowerCase(Locale.ROOT).contains(PROBE)) {
            text = text.toLowerCase(Locale.ROOT).replace(PROBE, "probed");
        }
        if (text != null) {
            sent.add(text);
        }
        return text;
    }

    private static long number(FuzzedDataProvider fuzz) {
        return switch (fuzz.consumeInt(0, 3)) {
            case 0 -> fuzz.pickValue(new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE});
            case 1 -> fuzz.consumeLong(-2, 1000);
            default -> fuzz.consumeLong();
        };
    }

    private static Map<String, Long> have(FuzzedDataProvider fuzz, List<String> sent) {
        if (fuzz.consumeBoolean()) {
            return null;
        }
        Map<String, Long> have = new HashMap<>();
        int entries = fuzz.consumeInt(0, 3);
        for (int i = 0; i < entries; i++) {
            String key = text(fuzz, sent);
            have.put(key == null ? Limits.LOBBY : key, fuzz.consumeBoolean() ? null : number(fuzz));
        }
        return have;
    }

    private static void assertErrorsTellOnlyTheProtocol(List<Frame> frames, String clientText) {
        String lowerClientText = clientText.toLowerCase(Locale.ROOT);
        for (Frame frame : frames) {
            if (!(frame instanceof Frame.Error error)) {
                continue;
            }
            assertTrue(ERROR_CODES.contains(error.code()), "not a code of ErrorCodes: " + error);
            // the store is healthy: a server_error can only mean an exception the handler caught and hid
            assertNotEquals(ErrorCodes.SERVER_ERROR, error.code(), "the server failed: " + error);
            assertNotNull(error.message(), "an error says what was wrong: " + error);
            String lowerMessage = error.message().toLowerCase(Locale.ROOT);
            for (String word : IMPLEMENTATION_WORDS) {
                if (!lowerClientText.contains(word)) {
                    assertFalse(lowerMessage.contains(word), "the error shows \"" + word + "\": " + error);
                }
            }
            var className = CLASS_NAMES.matcher(error.message());
            while (className.find()) {
                assertTrue(clientText.contains(className.group()), "the error names a class: " + error);
            }
        }
    }

    /** A session is told nothing of conversations, users or rooms before its login_ok. */
    private static void assertNothingBeforeLogin(List<Frame> frames) {
        for (Frame frame : frames) {
            if (frame instanceof Frame.LoginOk) {
                return;
            }
            assertTrue(BEFORE_LOGIN.contains(frame.getClass()), "sent before login: " + frame);
        }
    }

    private void assertANewClientCanLogIn() throws Exception {
        InMemoryClient probe = client().hello();
        try {
            // it holds the lobby up to its newest message, like a client back after a short absence: otherwise every
            // check would replay an ever longer lobby as inputs pile messages into it (a long run would slow down)
            probe.send(new Frame.Login("live", PROBE, "password-of-" + PROBE, null, Map.of(Limits.LOBBY, store.lastSeq(Limits.LOBBY))));
            assertEquals(PROBE, probe.expect(Frame.LoginOk.class).user());
            probe.expect(Frame.Synced.class);
        } finally {
            close(probe);
        }
    }

    private static Set<String> errorCodes() {
        Set<String> codes = new java.util.HashSet<>();
        for (Field field : ErrorCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    codes.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return codes;
    }
}
