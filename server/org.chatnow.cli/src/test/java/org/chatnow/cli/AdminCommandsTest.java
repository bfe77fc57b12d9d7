package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.chatnow.cli.CliRunner.Result;
import org.chatnow.cli.CliRunner.Running;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands against a server whose registration is closed: accounts exist only when an admin makes them. */
class AdminCommandsTest {
    @TempDir
    static Path data;
    private static ServerProcess server;
    private static CliRunner cli;
    private static String secretFile;

    @BeforeAll
    static void startServer() throws IOException {
        server = ServerProcess.start(data.resolve("server"), "--tls", "--registration", "closed");
        cli = new CliRunner(server);
        secretFile = server.dataDirectory().resolve("admin.secret").toString();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> withNewPassword(String password) {
        Map<String, String> env = cli.as(null);
        env.put("CHATNOW_NEW_PASSWORD", password);
        return env;
    }

    @Test
    void adminSecretCreatesAnAccountThatCanThenLogIn() {
        Result unknown = cli.user("dave", "users").expect(1);
        assertTrue(unknown.err().contains("wrong user name or password"), unknown.err());

        Result created = cli.run(withNewPassword("pw-dave"), "", "admin", "create-account", "dave", "--admin-secret-file", secretFile)
            .expect(0);
        assertEquals("created account dave", created.out().strip());

        Result users = cli.user("dave", "users").expect(0);
        assertTrue(users.lines().contains("dave\tonline"), users.out());

        Result again = cli.run(withNewPassword("pw-dave"), "", "--json", "admin", "--admin-secret-file", secretFile, "create-account", "dave")
            .expect(1);
        assertTrue(again.err().contains("exists already"), again.err());

        // an ordinary account may not administer
        Result forbidden = cli.user("dave", "admin", "kick", "dave2").expect(1);
        assertTrue(forbidden.err().contains("admin actions need an admin account or the server's admin secret"), forbidden.err());
    }

    @Test
    void wrongOrMissingSecretIsRefused(@TempDir Path files) throws IOException {
        Path wrong = files.resolve("wrong.secret");
        Files.writeString(wrong, "not-the-secret\n", StandardCharsets.UTF_8);
        Result refused = cli.run(withNewPassword("pw-eve"), "", "admin", "create-account", "eve", "--admin-secret-file", wrong.toString())
            .expect(1);
        assertTrue(refused.err().contains("admin actions need an admin account or the server's admin secret"), refused.err());

        Result missing = cli.run(withNewPassword("pw-eve"), "", "admin", "create-account", "eve",
            "--admin-secret-file", files.resolve("nothing-here").toString()).expect(2);
        assertTrue(missing.err().contains("there is no file"), missing.err());

        Result noPassword = cli.run(cli.as(null), "", "admin", "create-account", "eve", "--admin-secret-file", secretFile).expect(2);
        assertTrue(noPassword.err().contains("no new password for eve"), noPassword.err());
        cli.user("eve", "users").expect(1);
    }

    @Test
    void adminAccountKicksBansUnbansAndResetsPasswords(@TempDir Path files) throws Exception {
        Path rootPassword = files.resolve("root.password");
        Files.writeString(rootPassword, "pw-root\n", StandardCharsets.UTF_8);
        assertEquals("created admin account root", cli.run(cli.as(null), "", "admin", "--admin-secret-file", secretFile,
            "create-account", "root", "--admin", "--new-password-file", rootPassword.toString()).expect(0).out().strip());
        cli.run(withNewPassword("pw-frank"), "", "admin", "create-account", "frank", "--admin-secret-file", secretFile).expect(0);

        Running frank = cli.start(cli.as("pw-frank"), "--user", "frank", "--json", "listen").awaitOnline();
        Result kicked = cli.user("root", "admin", "kick", "frank", "--reason", "lunch time").expect(0);
        assertEquals("kicked frank", kicked.out().strip());
        assertEquals(1, frank.awaitExit());
        assertTrue(frank.err().text().contains("lunch time"), frank.err().text());
        assertTrue(cli.user("root", "admin", "kick", "frank").expect(1).err().contains("frank is not online"));

        assertEquals("{\"action\":\"ban\",\"user\":\"frank\",\"ok\":true}", cli.user("root", "--json", "admin", "ban", "frank").expect(0).out().strip());
        assertTrue(cli.user("frank", "users").expect(1).err().contains("banned"));
        cli.user("root", "admin", "unban", "frank").expect(0);
        cli.user("frank", "users").expect(0);

        Result reset = cli.run(withNewPassword("new-pw-frank"), "", "--user", "root", "--password-file", rootPassword.toString(),
            "admin", "reset-password", "frank").expect(0);
        assertEquals("reset the password of frank", reset.out().strip());
        assertTrue(cli.user("frank", "users").expect(1).err().contains("wrong user name or password"));
        cli.run(cli.as("new-pw-frank"), "", "--user", "frank", "users").expect(0);
    }
}
