package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.chatnow.protocol.ErrorCodes;
import org.chatnow.protocol.Frame;
import org.chatnow.protocol.FrameStream;
import org.chatnow.protocol.Limits;
import org.chatnow.server.internal.AdminSecret;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.Test;

/**
 * What an outside probe tried: connections that never log in but keep talking, file connections that outlive their
 * chat session, payloads that made error frames show server internals, binary frames on the chat connection, limits
 * out of range, and text that is not valid Unicode.
 */
class HostileClientsTest extends ServerTestSupport {

    private static void writeJson(RawConnection raw, String json) throws Exception {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) (payload.length >>> 24);
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        raw.writeRaw(frame, 0, frame.length);
    }

    /** The error an invalid payload gets: in the protocol's terms, nothing of the server's insides. */
    private String refusalOf(String json) throws Exception {
        try (RawConnection raw = RawConnection.connect(server.port())) {
            writeJson(raw, json);
            Frame.Error error = raw.readError();
            assertEquals(ErrorCodes.MALFORMED_FRAME, error.code(), json);
            for (String internal : List.of("org.", "java", "jackson", "Jackson", "class", "Constraints", "subtype", "[")) {
                assertFalse(error.message().contains(internal), "'" + error.message() + "' shows '" + internal + "'");
            }
            assertTrue(raw.closedByServer());
            return error.message();
        }
    }

    @Test
    void theLoginDeadlineRunsFromConnectWhateverArrives() throws Exception {
        startServer(config().loginTimeoutSeconds(2));
        long start = System.nanoTime();
        try (RawConnection hellos = RawConnection.open("127.0.0.1", server.port(), Duration.ofMillis(400));
            RawConnection trickle = RawConnection.open("127.0.0.1", server.port(), Duration.ofMillis(400))) {
            byte[] unfinished = FrameStream.wire(new Frame.Hello(Limits.PROTOCOL_VERSION, "slow"));
            boolean hellosClosed = false;
            boolean trickleClosed = false;
            for (int i = 0; i < 40 && !(hellosClosed && trickleClosed); i++) {
                if (!hellosClosed) {
                    hellosClosed = sendAndSeeClosed(hellos, FrameStream.wire(new Frame.Hello(Limits.PROTOCOL_VERSION, "again")), 0);
                }
                if (!trickleClosed) {
                    trickleClosed = sendAndSeeClosed(trickle, unfinished, i % (unfinished.length - 1));
                }
            }
            assertTrue(hellosClosed, "resending hello does not keep a connection that never logs in");
            assertTrue(trickleClosed, "trickling an unfinished frame does not either");
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertTrue(seconds < 8, "closed at the deadline, not much later (" + seconds + " s)");
    }

    /** Writes all of {@code frame} (or one byte of it, at {@code oneByteAt} > 0) and reads: true once the server closed. */
    private static boolean sendAndSeeClosed(RawConnection raw, byte[] frame, int oneByteAt) {
        try {
            if (oneByteAt > 0) {
                raw.writeRaw(frame, oneByteAt, 1);
            } else {
                raw.writeRaw(frame, 0, frame.length);
            }
            while (true) {
                Frame f = raw.read();
                if (f instanceof Frame.Error e) {
                    assertEquals(ErrorCodes.NOT_READY, e.code());
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void endingAChatSessionEndsItsFileConnections() throws Exception {
        startServer(config());
        String secret = Files.readString(data.resolve(AdminSecret.FILE_NAME)).strip();

        // logout
        try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files("alice", chat)) {
            chat.logout();
            assertEndedByServer(files);
        }
        // takeover by a later login of the same name
        try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files("bob", chat);
            RawConnection later = RawConnection.connect(server.port())) {
            later.login("bob", "password-of-bob", null);
            assertEndedByServer(files);
        }
        // password reset and ban by an administrator
        for (String action : List.of(Frame.Admin.RESET_PASSWORD, Frame.Admin.BAN)) {
            String user = "carol-" + action.replace('_', '-');
            try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files(user, chat);
                RawConnection admin = RawConnection.connect(server.port())) {
                admin.admin(secret, action, user, "new-password");
                assertEndedByServer(files);
            }
        }
        // a chat connection that only drops keeps its file connection (transfers go on while the chat reconnects)
        try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files("dave", chat)) {
            chat.close();
            Thread.sleep(300);
            files.write(new Frame.FileList("l"));
            files.readUntil(Frame.Files.class);
        }
    }

    private RawConnection files(String user, RawConnection chat) throws Exception {
        String token = chat.login(user, "password-of-" + user, null).resume();
        RawConnection files = RawConnection.connect(server.filePort());
        files.write(new Frame.FileAuth("auth", user, token));
        files.readUntil(Frame.Ok.class);
        files.write(new Frame.FileList("l"));
        files.readUntil(Frame.Files.class);
        return files;
    }

    private static void assertEndedByServer(RawConnection files) throws Exception {
        Frame.Error error = files.readError();
        assertEquals(ErrorCodes.AUTH_FAILED, error.code());
        assertTrue(error.message().contains("ended"), error.message());
        assertTrue(files.closedByServer());
    }

    @Test
    void errorsSayWhatWasWrongInTheProtocolsTermsOnly() throws Exception {
        startServer(config());
        assertEquals("unknown frame type \"nope\"", refusalOf("{\"type\":\"nope\"}"));
        assertEquals("the frame has no \"type\"", refusalOf("{\"user\":\"x\"}"));
        assertEquals("the JSON is nested too deeply or holds a value too long",
            refusalOf("{\"type\":\"hello\",\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        assertEquals("the frame is not a JSON object", refusalOf("[1,2]"));
        assertTrue(refusalOf("{\"type\":\"hello\",\"version\":1,\"version\":2}").startsWith("a key appears twice"));
        assertEquals("\"version\" has the wrong type or value", refusalOf("{\"type\":\"hello\",\"version\":1.5}"));
        assertTrue(refusalOf("{\"type\":\"hello\",\"version\":99999999999}").startsWith("a number is out of range"));
        assertTrue(refusalOf("{\"type\":\"hello\"").startsWith("not valid JSON"));
    }

    @Test
    void aBinaryFrameOnTheChatConnectionIsAProtocolError() throws Exception {
        startServer(config());
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.writeRaw(new byte[] {(byte) 0x80, 0, 0, 3, 1, 2, 3}, 0, 7);
            Frame.Error error = raw.readError();
            assertEquals(ErrorCodes.UNEXPECTED_DATA, error.code());
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void aHugeHistoryLimitMeansTheLargestPage() throws Exception {
        startServer(config());
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("erin", "password-of-erin", null);
            writeJson(raw, "{\"type\":\"history\",\"id\":\"h\",\"conversation\":\"room:lobby\",\"before\":0,\"limit\":1000000000000000}");
            Frame.HistoryPage page = raw.readUntil(Frame.HistoryPage.class);
            assertTrue(page.messages().size() <= Limits.HISTORY_LIMIT);
            raw.write(new Frame.Ping("p"));
            raw.readUntil(Frame.Pong.class);
        }
    }

    @Test
    void halfASurrogatePairIsNotAMessage() throws Exception {
        startServer(config());
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("frank", "password-of-frank", null);
            writeJson(raw, "{\"type\":\"send\",\"id\":\"s1\",\"conversation\":\"room:lobby\",\"text\":\"broken \\ud800 text\"}");
            Frame.Error error = raw.readError();
            assertEquals(ErrorCodes.INVALID_MESSAGE, error.code());
            assertEquals("s1", error.id());
            writeJson(raw, "{\"type\":\"send\",\"id\":\"s2\",\"conversation\":\"room:lobby\",\"text\":\"a pair \\ud83d\\ude00 is fine\"}");
            assertEquals("s2", raw.readUntil(Frame.Ack.class).id());
        }
    }
}
