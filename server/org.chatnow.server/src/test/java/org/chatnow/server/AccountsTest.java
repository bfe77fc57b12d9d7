package org.chatnow.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.chatnow.client.AdminActions;
import org.chatnow.client.ChatClient;
import org.chatnow.client.ConnectionState;
import org.chatnow.client.Conversations;
import org.chatnow.protocol.ErrorCodes;
import org.chatnow.server.internal.AdminSecret;
import org.chatnow.server.internal.Passwords;
import org.chatnow.testkit.wire.RawConnection;
import org.junit.jupiter.api.Test;

/** Accounts, passwords, takeover, throttling and admin actions over a real server and real clients. */
class AccountsTest extends ServerTestSupport {

    private String adminSecret() throws Exception {
        return java.nio.file.Files.readString(data.resolve(AdminSecret.FILE_NAME)).strip();
    }

    @Test
    void firstLoginClaimsTheNameAndLaterLoginsNeedItsPassword() throws Exception {
        startServer(config());
        login("alice", "correct horse");
        last().disconnect();
        ChatClient again = client(new Recorder());
        assertEquals(ErrorCodes.AUTH_FAILED, refusal(again.connect(address(), "alice", "wrong")));
        assertEquals(ConnectionState.OFFLINE, again.state());
        get(again.connect(address(), "alice", "correct horse"));
        assertEquals(ConnectionState.ONLINE, again.state());
    }

    @Test
    void aNewAccountNeedsAPasswordOfFourCharacters() throws Exception {
        startServer(config());
        ChatClient client = client(new Recorder());
        assertEquals(ErrorCodes.WEAK_PASSWORD, refusal(client.connect(address(), "newbie", "abc")));
        assertEquals(ErrorCodes.AUTH_FAILED, refusal(client.connect(address(), "newbie", "")));
        get(client.connect(address(), "newbie", "abcd"));
    }

    @Test
    void aWrongPasswordKicksNobody() throws Exception {
        startServer(config());
        Recorder alice = login("alice");
        ChatClient intruder = client(new Recorder());
        assertEquals(ErrorCodes.AUTH_FAILED, refusal(intruder.connect(address(), "alice", "guess")));
        Thread.sleep(200);
        assertEquals(ConnectionState.ONLINE, clients.get(0).state());
        assertEquals(ConnectionState.ONLINE, alice.lastState());
    }

    @Test
    void takeoverTellsTheEarlierSessionWhyAndItStaysDown() throws Exception {
        startServer(config());
        Recorder first = login("frank");
        Recorder watcher = login("grace");
        login("frank");
        assertEquals(ConnectionState.KICKED, Recorder.await(first::lastState, ConnectionState.KICKED::equals));
        assertEquals("logged in elsewhere", first.lastDetail());
        Thread.sleep(1500); // a client that reconnected by itself would have done so by now
        assertEquals(ConnectionState.KICKED, clients.get(0).state(), "the kicked client does not fight back");
        assertEquals(ConnectionState.ONLINE, clients.get(2).state());
        assertEquals(List.of("frank", "grace"), watcher.users);
        assertTrue(watcher.events("presence:offline").isEmpty(), "a takeover is no leave and join");
    }

    @Test
    void repeatedFailuresAreSlowedDown() throws Exception {
        startServer(config());
        login("victim");
        last().disconnect();
        ChatClient guesser = client(new Recorder());
        for (int i = 0; i < 6; i++) {
            assertEquals(ErrorCodes.AUTH_FAILED, refusal(guesser.connect(address(), "victim", "guess" + i)));
        }
        String message = refusalMessage(guesser.connect(address(), "victim", "password-of-victim"));
        assertTrue(message.startsWith("too many failed logins; try again in"), message);
    }

    @Test
    void aPasswordGuesserDoesNotLockTheOwnersResumeOut() throws Exception {
        startServer(config());
        try (RawConnection owner = RawConnection.connect(server.port())) {
            String token = owner.login("owner", "password-of-owner", null).resume();
            ChatClient guesser = client(new Recorder());
            for (int i = 0; i < 8; i++) {
                refusal(guesser.connect(address(), "owner", "guess" + i));
            }
            try (RawConnection again = RawConnection.connect(server.port())) {
                assertEquals("owner", again.login("owner", null, token).user());
            }
        }
    }

    @Test
    void aResumeTokenLogsInWithoutThePasswordUntilLogout() throws Exception {
        startServer(config());
        try (RawConnection raw = RawConnection.connect(server.port())) {
            var ok = raw.login("tina", "password-of-tina", null);
            String token = ok.resume();
            assertTrue(token.length() >= 40);
            try (RawConnection second = RawConnection.connect(server.port())) {
                assertEquals("tina", second.login("tina", null, token).user(), "the token replaces the password");
            }
            try (RawConnection third = RawConnection.connect(server.port())) {
                assertEquals(ErrorCodes.AUTH_FAILED, third.loginRefused("tina", null, token + "x"));
                assertEquals(ErrorCodes.AUTH_FAILED, third.loginRefused("someone", null, token), "a token is one account's");
            }
            try (RawConnection fourth = RawConnection.connect(server.port())) {
                fourth.login("tina", null, token);
                fourth.logout();
            }
            try (RawConnection fifth = RawConnection.connect(server.port())) {
                assertEquals(ErrorCodes.AUTH_FAILED, fifth.loginRefused("tina", null, token), "logout ends the token");
            }
        }
    }

    @Test
    void closedRegistrationNeedsAnAdminToCreateAccounts() throws Exception {
        startServer(config().registrationOpen(false));
        ChatClient stranger = client(new Recorder());
        assertEquals(ErrorCodes.AUTH_FAILED, refusal(stranger.connect(address(), "walter", "password-of-walter")));
        try (RawConnection raw = RawConnection.connect(server.port())) {
            assertEquals(ErrorCodes.FORBIDDEN, raw.adminRefused("not the secret", AdminActions.CREATE_ACCOUNT, "walter", "password-of-walter"));
            raw.admin(adminSecret(), AdminActions.CREATE_ACCOUNT, "walter", "password-of-walter");
            assertEquals(ErrorCodes.ACCOUNT_EXISTS, raw.adminRefused(adminSecret(), AdminActions.CREATE_ACCOUNT, "walter", "x1234"));
        }
        get(stranger.connect(address(), "walter", "password-of-walter"));
    }

    @Test
    void adminsKickBanAndResetPasswords() throws Exception {
        startServer(config());
        try (RawConnection raw = RawConnection.connect(server.port())) {
            raw.admin(adminSecret(), AdminActions.CREATE_ADMIN, "root", "password-of-root");
        }
        Recorder mallory = login("mallory");
        Recorder root = login("root");
        ChatClient admin = last();
        get(admin.admin(null, AdminActions.KICK, "mallory", null, "cool down"));
        assertEquals(ConnectionState.KICKED, Recorder.await(mallory::lastState, ConnectionState.KICKED::equals));
        assertEquals("cool down", mallory.lastDetail());
        assertEquals(List.of("root"), Recorder.await(() -> root.users, List.of("root")::equals));

        get(admin.admin(null, AdminActions.BAN, "mallory", null, "spam"));
        ChatClient back = client(new Recorder());
        assertEquals(ErrorCodes.BANNED, refusal(back.connect(address(), "mallory", "password-of-mallory")));
        get(admin.admin(null, AdminActions.UNBAN, "mallory", null, null));
        get(admin.admin(null, AdminActions.RESET_PASSWORD, "mallory", "fresh-start", null));
        assertEquals(ErrorCodes.AUTH_FAILED, refusal(back.connect(address(), "mallory", "password-of-mallory")));
        get(back.connect(address(), "mallory", "fresh-start"));

        Recorder plain = login("plain");
        assertEquals(ErrorCodes.FORBIDDEN, refusal(last().admin(null, AdminActions.KICK, "root", null, null)));
        assertEquals(ConnectionState.ONLINE, admin.state());
        assertTrue(plain.messages.isEmpty());
        assertEquals(ErrorCodes.UNKNOWN_USER, refusal(admin.admin(null, AdminActions.KICK, "nobody", null, null)));
        get(admin.send(Conversations.LOBBY, "all good"));
    }

    @Test
    void passwordsAreStoredAsSaltedSlowHashes() {
        Passwords passwords = new Passwords(Passwords.DEFAULT_ITERATIONS);
        String a = passwords.hash("same password");
        String b = passwords.hash("same password");
        assertTrue(a.startsWith("pbkdf2-sha256$600000$"), a);
        assertTrue(!a.equals(b), "salted: equal passwords hash differently");
        assertTrue(passwords.verify("same password", a));
        assertTrue(!passwords.verify("Same password", a));
        assertTrue(new Passwords(1000).verify("same password", a), "the cost is read from the hash");
    }
}
