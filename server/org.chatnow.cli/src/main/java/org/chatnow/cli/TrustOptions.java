package org.chatnow.cli;

import org.chatnow.client.KnownServers;
import org.chatnow.client.ServerAddress;
import org.chatnow.client.Transport;
import org.chatnow.client.UntrustedServerException;
import org.chatnow.protocol.tls.Tls;

/**
 * How one run of the command line reaches its server and which certificates it trusts: the pins in the known-servers
 * file, the one certificate named by --trust, and with --trust-on-first-use, the first one a server presents.
 */
final class TrustOptions implements KnownServers {
    private final Transport transport;
    private final KnownServersFile file;
    private final ServerAddress server;
    /** The fingerprint of --trust, normalised; null without it. */
    private final String trusted;
    private final boolean onFirstUse;

    private TrustOptions(Transport transport, KnownServersFile file, ServerAddress server, String trusted, boolean onFirstUse) {
        this.transport = transport;
        this.file = file;
        this.server = server;
        this.trusted = trusted;
        this.onFirstUse = onFirstUse;
    }

    /** From the global options; a trust option implies --tls. */
    static TrustOptions of(ChatNowCli cli, ServerAddress server) {
        boolean trusting = cli.trust != null || cli.trustOnFirstUse;
        if (cli.tls && cli.insecurePlaintext) {
            throw CliException.usage("--tls and --insecure-plaintext exclude each other");
        }
        if (cli.insecurePlaintext && trusting) {
            throw CliException.usage("--trust and --trust-on-first-use check TLS certificates: they do not go with --insecure-plaintext");
        }
        if (cli.trust != null && cli.trustOnFirstUse) {
            throw CliException.usage("--trust names the certificate to trust; --trust-on-first-use takes the first one presented: use one");
        }
        String trusted = null;
        if (cli.trust != null) {
            try {
                trusted = Tls.normalizeFingerprint(cli.trust);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--trust: " + e.getMessage());
            }
        }
        Transport transport = cli.tls || trusting ? Transport.TLS : cli.insecurePlaintext ? Transport.PLAINTEXT : Transport.DEFAULT;
        return new TrustOptions(transport, new KnownServersFile(KnownServersFile.defaultLocation(cli.terminal)), server, trusted,
            cli.trustOnFirstUse);
    }

    Transport transport() {
        return transport;
    }

    @Override
    public String pinned(ServerAddress address) {
        if (trusted != null && address.equals(server)) {
            return trusted;
        }
        return file.pinned(address);
    }

    @Override
    public void pin(ServerAddress address, String fingerprint) {
        file.pin(address, fingerprint);
    }

    @Override
    public void forget(ServerAddress address) {
        file.forget(address);
    }

    /**
     * Pins the certificate of {@code refused} if --trust-on-first-use allows it (an unknown certificate, not a changed
     * one) and says so on standard error; false when the refusal stands.
     */
    boolean acceptOnFirstUse(UntrustedServerException refused, Terminal terminal) {
        if (!onFirstUse || refused.changed()) {
            return false;
        }
        file.pin(refused.server(), refused.presented());
        terminal.err().println("chatnow cli: trusting the certificate of " + refused.server() + " on first use (SHA-256 "
            + refused.presented() + "); remembered in " + file.file());
        return true;
    }

    /** Why {@code refused} stands, and what the user can do about it. */
    CliException refusal(UntrustedServerException refused) {
        String advice;
        if (!refused.changed()) {
            advice = "If it is the fingerprint the server's administrator gives (the server prints it when it starts), "
                + "connect with --trust " + refused.presented() + " (this certificate only) or --trust-on-first-use "
                + "(remember the one presented in " + file.file() + ").";
        } else if (trusted != null) {
            advice = "The certificate named by --trust is not the one presented: check the fingerprint you were given.";
        } else {
            advice = "If the server's certificate was really replaced, forget the old pin: delete the line starting with '"
                + refused.server() + " ' in " + file.file() + ", then connect with --trust " + refused.presented()
                + " or --trust-on-first-use.";
        }
        return new CliException(CliException.CANNOT_CONNECT, refused.getMessage() + System.lineSeparator() + advice, refused);
    }
}
