package org.chatnow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.chatnow.server.internal.tls.ServerIdentity;
import org.chatnow.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a TLS server with its own self-signed certificate: refusal, --trust, trust on first use. */
class TlsTrustTest {
    @TempDir
    static Path data;
    private static ServerProcess server;
    private static CliRunner cli;
    private static String fingerprint;
    private static String address;

    @BeforeAll
    static void startServer() throws IOException {
        server = ServerProcess.start(data.resolve("server"), "--tls");
        cli = new CliRunner(server);
        Path tls = server.dataDirectory().resolve("tls");
        fingerprint = ServerIdentity.fromPem(tls.resolve(ServerIdentity.SELF_SIGNED_CERT), tls.resolve(ServerIdentity.SELF_SIGNED_KEY)).fingerprint();
        address = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The environment of alice with her own config folder {@code config}. */
    private static Map<String, String> alice(Path config) {
        Map<String, String> env = cli.as("pw-alice");
        env.put("XDG_CONFIG_HOME", config.toString());
        return env;
    }

    private static CliRunner.Result send(Path config, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("--user", "alice"));
        args.addAll(List.of(options));
        args.addAll(List.of("send", "#lobby", "over TLS"));
        return cli.run(alice(config), "", args.toArray(String[]::new));
    }

    @Test
    void anUnknownCertificateIsAnErrorThatPrintsItsFingerprintAndTheFlagsThatAcceptIt(@TempDir Path config) {
        CliRunner.Result refused = send(config, "--tls").expect(CliException.CANNOT_CONNECT);
        assertTrue(refused.err().contains(fingerprint), refused.err());
        assertTrue(refused.err().contains("--trust " + fingerprint), refused.err());
        assertTrue(refused.err().contains("--trust-on-first-use"), refused.err());
        assertFalse(refused.err().contains("Exception"), "no stack trace: " + refused.err());
        assertFalse(Files.exists(config.resolve("chatnow/known-servers")), "nothing is remembered without being asked");
    }

    @Test
    void trustNamesTheOneCertificateToAccept(@TempDir Path config) {
        send(config, "--trust", fingerprint.replace(":", "").toLowerCase()).expect(0);
        assertFalse(Files.exists(config.resolve("chatnow/known-servers")), "--trust remembers nothing");

        String other = "AA:" + fingerprint.substring(3);
        CliRunner.Result wrong = send(config, "--trust", other).expect(CliException.CANNOT_CONNECT);
        assertTrue(wrong.err().contains(fingerprint) && wrong.err().contains(other), wrong.err());
    }

    @Test
    void trustOnFirstUsePinsTheCertificateAndAChangedOneIsRefusedWithBothFingerprints(@TempDir Path config) throws IOException {
        CliRunner.Result first = send(config, "--trust-on-first-use").expect(0);
        assertTrue(first.err().contains(fingerprint), first.err());
        Path known = config.resolve("chatnow/known-servers");
        assertEquals(List.of(address + " " + fingerprint), Files.readAllLines(known));

        send(config, "--tls").expect(0); // the pin is honoured without the flag
        send(config, "--trust-on-first-use").expect(0);
        assertEquals(1, Files.readAllLines(known).size());

        String old = "AA:" + fingerprint.substring(3);
        Files.write(known, List.of("# pinned earlier", address + " " + old));
        for (String flag : List.of("--tls", "--trust-on-first-use")) {
            CliRunner.Result changed = send(config, flag).expect(CliException.CANNOT_CONNECT);
            assertTrue(changed.err().contains("CHANGED"), changed.err());
            assertTrue(changed.err().contains(fingerprint) && changed.err().contains(old), changed.err());
            assertTrue(changed.err().contains("delete the line starting with '" + address + " ' in " + known), changed.err());
        }
        assertEquals(List.of("# pinned earlier", address + " " + old), Files.readAllLines(known), "a changed certificate is never pinned by itself");
    }

    @Test
    void tlsIsTheDefault(@TempDir Path config) {
        CliRunner.Result refused = send(config).expect(CliException.CANNOT_CONNECT);
        assertTrue(refused.err().contains(fingerprint), "without a flag the command line speaks TLS and checks the certificate: "
            + refused.err());
        send(config, "--trust", fingerprint).expect(0);
    }

    @Test
    void theAdminSecretTravelsOnlyToTheTrustedServer(@TempDir Path config) throws IOException {
        send(config, "--trust", fingerprint).expect(0); // alice has an account
        Path secret = config.resolve("admin.secret");
        Files.writeString(secret, server.adminSecret());
        Map<String, String> env = alice(config);
        CliRunner.Result refused = cli.run(env, "", "admin", "unban", "alice", "--admin-secret-file", secret.toString())
            .expect(CliException.CANNOT_CONNECT);
        assertTrue(refused.err().contains(fingerprint) && refused.err().contains("--trust"), refused.err());

        cli.run(env, "", "--trust", fingerprint, "admin", "unban", "alice", "--admin-secret-file", secret.toString()).expect(0);
        cli.run(env, "", "--trust-on-first-use", "admin", "unban", "alice", "--admin-secret-file", secret.toString()).expect(0);
        cli.run(env, "", "admin", "unban", "alice", "--admin-secret-file", secret.toString()).expect(0); // pinned now

        CliRunner.Result plain = cli.run(env, "", "--insecure-plaintext", "admin", "unban", "alice", "--admin-secret-file",
            secret.toString()).expect(CliException.CANNOT_CONNECT);
        assertTrue(plain.err().contains("not encrypted"), "warned before trying: " + plain.err());
        assertTrue(plain.err().contains("--tls and --insecure-plaintext choose the transport"), plain.err());
    }

    @Test
    void plaintextAgainstATlsServerFailsAndTheFlagsAreChecked(@TempDir Path config) {
        send(config, "--insecure-plaintext").expect(CliException.CANNOT_CONNECT);
        send(config, "--tls", "--insecure-plaintext").expect(CliException.USAGE);
        send(config, "--insecure-plaintext", "--trust", fingerprint).expect(CliException.USAGE);
        send(config, "--trust", "not-a-fingerprint").expect(CliException.USAGE);
    }

    @Test
    void listenStopsWhenTheServerComesBackWithAnotherCertificate(@TempDir Path config, @TempDir Path elsewhere) throws Exception {
        try (ServerProcess restarted = ServerProcess.start(elsewhere.resolve("server"), "--tls")) {
            CliRunner runner = new CliRunner(restarted);
            Map<String, String> env = runner.as("pw-bob");
            env.put("XDG_CONFIG_HOME", config.toString());
            CliRunner.Running bob = runner.start(env, "--user", "bob", "--json", "--trust-on-first-use", "listen").awaitOnline();
            String first = Files.readAllLines(config.resolve("chatnow/known-servers")).get(0).split(" ")[1];

            restarted.kill();
            bob.awaitJson(n -> "reconnecting".equals(n.path("state").asText()));
            try (var files = Files.walk(restarted.dataDirectory().resolve("tls"))) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            restarted.restart(); // the same port, a new self-signed certificate

            assertEquals(CliException.CANNOT_CONNECT, bob.awaitExit());
            String err = bob.err().text();
            assertTrue(err.contains("CHANGED") && err.contains(first) && err.contains("delete the line"), err);
        }
    }

    @Test
    void helpDocumentsTheTransportAndTrustOptions() {
        String help = cli.run(Map.of(), "", "--help").expect(0).out();
        for (String option : List.of("--tls", "--insecure-plaintext", "--trust=FINGERPRINT", "--trust-on-first-use", "known-servers")) {
            assertTrue(help.contains(option), option + " in:\n" + help);
        }
    }
}
