package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** users on a server with more people online than its presence list limit: you, your contacts, and the count. */
class CrowdedServerTest {

    @Test
    void usersListsContactsAndSaysHowManyAreOnline(@TempDir Path data) throws Exception {
        try (ServerProcess server = ServerProcess.start(data.resolve("server"), "--presence-list-limit", "1")) {
            CliRunner cli = new CliRunner(server);
            CliRunner.Running bob = cli.start(cli.as("pw-bob"), "--user", "bob", "--json", "listen", "--count", "1").awaitOnline();
            CliRunner.Result users = cli.user("carol", "users").expect(0);
            assertEquals(List.of("carol\tonline"), users.lines(), "bob is online but no contact of carol's");
            assertTrue(users.err().contains("2 users online; with this many the server lists only you"), users.err());
            assertTrue(users.err().contains("warning: the connection to 127.0.0.1:" + server.port() + " is not encrypted (plain TCP)"),
                "a plain TCP server (this one) is never a surprise: " + users.err());
            cli.user("carol", "send", "@bob", "see you").expect(0);
            assertEquals(0, bob.awaitExit(), "bob's listen ends after the one message");
        }
    }
}
