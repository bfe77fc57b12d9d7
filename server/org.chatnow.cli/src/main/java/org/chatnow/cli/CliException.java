package org.chatnow.cli;

/** Ends a command with {@link #exitCode()} after printing {@link #getMessage()} on standard error. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Everything went well. */
    static final int OK = 0;
    /** The server refused the request (its message is printed), or the request failed otherwise. */
    static final int REFUSED = 1;
    /** The command line was wrong: an unknown option, a missing argument, no password to be had. */
    static final int USAGE = 2;
    /** The server could not be reached, did not answer in time, or the connection broke. */
    static final int CANNOT_CONNECT = 3;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    static CliException refused(String message) {
        return new CliException(REFUSED, message);
    }

    int exitCode() {
        return exitCode;
    }
}
