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
        byte[] hello = FrameStream.wire(new Frame.Hello(Limits.PROTOCOL_VERSION, "again"));
        // one connection resends hello all the time, the other trickles an unfinished frame a byte at a time
        assertClosedAtTheDeadline(out -> out.write(hello));
        int[] next = {0};
        assertClosedAtTheDeadline(out -> out.write(hello[next[0]++ % (hello.length - 1)]));
    }

    private interface Chatter {
        void say(java.io.OutputStream out) throws java.io.IOException;
    }

    /** Connects, keeps {@code chatter} going every 200 ms, and checks the server closes 2 s after connecting with not_ready. */
    private void assertClosedAtTheDeadline(Chatter chatter) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            long connected = System.nanoTime();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            long[] closedAt = {0};
            Thread reader = new Thread(() -> {
                try {
                    socket.getInputStream().transferTo(received);
                } catch (java.io.IOException e) {
                    // reset by the server: closed as well
                }
                closedAt[0] = System.nanoTime();
            });
            reader.start();
            try {
                while (reader.isAlive() && System.nanoTime() - connected < 8_000_000_000L) {
                    chatter.say(socket.getOutputStream());
                    Thread.sleep(200);
                }
            } catch (java.io.IOException e) {
                // the server closed while we wrote
            }
            reader.join(5000);
            double seconds = (closedAt[0] - connected) / 1e9;
            assertTrue(closedAt[0] != 0 && seconds >= 1.8 && seconds < 5, "closed " + seconds + " s after connecting");
            assertTrue(received.toString(StandardCharsets.UTF_8).contains("\"not_ready\""), "told why: " + received);
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

    @Test
    void aFloodOfMessagesIsRefusedWithWhenToTryAgain() throws Exception {
        startServer(config().maxMessagesPerSecond(10));
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.login("gina", "password-of-gina", null);
            int acked = 0;
            Frame.Error limited = null;
            for (int i = 0; i < 80 && limited == null; i++) {
                raw.write(new Frame.Send("s" + i, "room:lobby", "message " + i));
                Frame answer = raw.read();
                while (!(answer instanceof Frame.Ack || answer instanceof Frame.Error)) {
                    answer = raw.read();
                }
                if (answer instanceof Frame.Error e) {
                    limited = e;
                } else {
                    acked++;
                }
            }
            assertTrue(limited != null, "80 messages at once are more than 10 a second allow");
            assertEquals(ErrorCodes.RATE_LIMITED, limited.code());
            assertTrue(acked >= 50, "a burst of five seconds' worth passes (" + acked + ")");
            assertTrue(limited.retryAfter() != null && limited.retryAfter() >= 1, String.valueOf(limited.retryAfter()));
            Thread.sleep(limited.retryAfter() * 1000L);
            raw.write(new Frame.Send("later", "room:lobby", "after waiting"));
            assertEquals("later", raw.readUntil(Frame.Ack.class).id(), "after the wait a message goes through");
        }
    }

    @Test
    void aReaderThatStallsIsToldWhyBeforeItIsClosed() throws Exception {
        startServer(config().maxFrameBytes(Limits.MIN_FRAME_BYTES).maxQueuedBytesPerSession(512 * 1024));
        try (RawConnection stalled = RawConnection.open("127.0.0.1", server.port(), Duration.ofSeconds(20));
            RawConnection sender = RawConnection.connect(server.port())) {
            stalled.socket().setReceiveBufferSize(64 * 1024);
            stalled.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "stalled"));
            stalled.readUntil(Frame.Welcome.class);
            stalled.login("hugo", "password-of-hugo", null);
            stalled.readUntil(Frame.Synced.class);
            sender.login("ines", "password-of-ines", null);
            String text = "x".repeat(15_000);
            // the stalled client reads nothing while megabytes are sent to it; the sender reads its own copies as it
            // goes (20 messages a round: each round is one commit, and what comes back stays under the limit)
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < 20; i++) {
                    sender.write(new Frame.Send("f" + round + "-" + i, "room:lobby", text));
                }
                for (int i = 0; i < 20; i++) {
                    sender.readUntil(Frame.Ack.class);
                }
            }
            Frame.Error last = null;
            try {
                while (true) {
                    if (stalled.read() instanceof Frame.Error e) {
                        last = e;
                    }
                }
            } catch (java.io.IOException closed) {
                // the server closed after its last frame
            }
            assertTrue(last != null, "the error comes before the close");
            assertEquals(ErrorCodes.SLOW_CONSUMER, last.code());
        }
    }

    @Test
    void connectionsBeyondTheLimitOfAnAddressAreRefusedAndEveryoneElseCarriesOn() throws Exception {
        startServer(config().maxConnectionsPerAddress(3));
        try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files("jack", chat);
            RawConnection second = RawConnection.connect(server.port())) {
            // three from 127.0.0.1, chat and file connections together: a fourth of either kind is told why and closed
            for (int port : new int[] {server.port(), server.filePort()}) {
                try (RawConnection fourth = RawConnection.open("127.0.0.1", port, Duration.ofSeconds(10))) {
                    Frame.Error refused = fourth.readError();
                    assertEquals(ErrorCodes.TOO_MANY_CONNECTIONS, refused.code());
                    assertTrue(refused.message().contains("at most 3"), refused.message());
                    assertTrue(fourth.closedByServer());
                }
            }
            // the client library says why
            String why = refusalMessage(client(new Recorder()).connect(address(), "lena", "password-of-lena"));
            assertTrue(why.contains("too many connections from your address"), why);
            // another address (the whole of 127/8 is loopback) is not affected
            try (java.net.Socket other = new java.net.Socket()) {
                other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
                other.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
                other.getOutputStream().write(FrameStream.wire(new Frame.Hello(Limits.PROTOCOL_VERSION, "elsewhere")));
                java.io.DataInputStream in = new java.io.DataInputStream(other.getInputStream());
                other.setSoTimeout(10_000);
                byte[] payload = in.readNBytes(in.readInt());
                assertTrue(org.chatnow.protocol.FrameJson.fromBytes(payload, 0, payload.length) instanceof Frame.Welcome);
            }
            // those admitted are served as before
            second.login("kate", "password-of-kate", null);
            second.write(new Frame.Send("k1", "room:lobby", "still here"));
            assertEquals("k1", second.readUntil(Frame.Ack.class).id());
            files.write(new Frame.FileList("l2"));
            files.readUntil(Frame.Files.class);
            // a connection that closes makes room for another
            second.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (true) {
                try (RawConnection again = RawConnection.connect(server.port())) {
                    again.login("kate", "password-of-kate", null);
                    break;
                } catch (java.io.IOException refusedStill) {
                    assertTrue(System.nanoTime() < deadline, "the closed connection still counts: " + refusedStill);
                    Thread.sleep(50);
                }
            }
        }
    }

    @Test
    void overTlsTheRefusalComesInsideTlsAndAConnectionThatNeverHandshakesIsClosedSoon() throws Exception {
        startServer(config().tls(true).maxConnectionsPerAddress(1));
        org.chatnow.testkit.wire.RecordingTrust trust = new org.chatnow.testkit.wire.RecordingTrust();
        try (RawConnection first = RawConnection.openTls("127.0.0.1", server.port(), Duration.ofSeconds(10), trust.context())) {
            first.write(new Frame.Hello(Limits.PROTOCOL_VERSION, "first"));
            first.readUntil(Frame.Welcome.class);
            try (RawConnection second = RawConnection.openTls("127.0.0.1", server.port(), Duration.ofSeconds(10), trust.context())) {
                assertEquals(ErrorCodes.TOO_MANY_CONNECTIONS, second.readError().code());
                assertTrue(second.closedByServer());
            }
            // one that connects and never starts its handshake is not held open by the refusal it cannot read
            try (java.net.Socket silent = new java.net.Socket("127.0.0.1", server.port())) {
                silent.setSoTimeout(15_000);
                long start = System.nanoTime();
                assertEquals(-1, silent.getInputStream().read());
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds < 8, "closed after " + seconds + " s");
            }
            first.login("lena", "password-of-lena", null);
        }
    }

    @Test
    void aSilentConnectionIsPingedThenClosedWithIdleTimeout() throws Exception {
        startServer(config().idleTimeoutSeconds(2).idleGraceSeconds(2));
        try (RawConnection chat = RawConnection.connect(server.port())) {
            String token = chat.login("mia", "password-of-mia", null).resume();
            long loggedIn = System.nanoTime();
            Frame.Ping ping = chat.readUntil(Frame.Ping.class); // after the replay and the presence list
            double pingedAfter = (System.nanoTime() - loggedIn) / 1e9;
            Frame.Error error = chat.readError();
            double closedAfter = (System.nanoTime() - loggedIn) / 1e9;
            assertEquals(ErrorCodes.IDLE_TIMEOUT, error.code());
            assertTrue(error.message().contains("ping"), error.message());
            assertTrue(chat.closedByServer());
            assertTrue(ping.id() != null && pingedAfter >= 1.5 && pingedAfter < 5, "pinged after " + pingedAfter + " s");
            assertTrue(closedAfter - pingedAfter >= 1.5 && closedAfter - pingedAfter < 5,
                "pinged after " + pingedAfter + " s, closed after " + closedAfter + " s");

            // a file connection is held to the same rule once it is authorised
            try (RawConnection files = RawConnection.connect(server.filePort())) {
                files.write(new Frame.FileAuth("auth", "mia", token));
                files.readUntil(Frame.Ok.class);
                files.readUntil(Frame.Ping.class);
                assertEquals(ErrorCodes.IDLE_TIMEOUT, files.readError().code());
                assertTrue(files.closedByServer());
            }
        }
    }

    @Test
    void aConnectionThatAnswersThePingStaysAndSoDoesAnIdleClient() throws Exception {
        startServer(config().idleTimeoutSeconds(1).idleGraceSeconds(2));
        Recorder idle = login("nora");
        try (RawConnection chat = RawConnection.connect(server.port()); RawConnection files = files("omar", chat)) {
            chat.readUntil(Frame.Synced.class);
            int pings = 0;
            long end = System.nanoTime() + 6_000_000_000L;
            chat.timeout(Duration.ofMillis(200));
            files.timeout(Duration.ofMillis(200));
            while (System.nanoTime() < end) {
                for (RawConnection answering : List.of(chat, files)) {
                    try {
                        if (answering.read() instanceof Frame.Ping ping) {
                            answering.write(new Frame.Pong(ping.id()));
                            pings++;
                        }
                    } catch (java.net.SocketTimeoutException quiet) {
                        // nothing this time
                    }
                }
            }
            assertTrue(pings >= 4, "pinged " + pings + " times in 6 s");
            chat.timeout(Duration.ofSeconds(10));
            files.timeout(Duration.ofSeconds(10));
            chat.write(new Frame.Send("o1", "room:lobby", "still connected"));
            assertEquals("o1", chat.readUntil(Frame.Ack.class).id());
            files.write(new Frame.FileList("l3"));
            files.readUntil(Frame.Files.class);
        }
        // the client library answers the server's pings by itself: idle for six seconds, it never left
        assertFalse(idle.states.contains(org.chatnow.client.ConnectionState.RECONNECTING), idle.states.toString());
        assertEquals(org.chatnow.client.ConnectionState.ONLINE, clients.get(0).state());
        assertTrue(get(clients.get(0).send("room:lobby", "after idling")) > 0);
    }
}
