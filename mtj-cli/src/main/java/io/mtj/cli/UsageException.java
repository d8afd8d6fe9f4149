package io.mtj.cli;

/** The command line itself is wrong: unknown command or option, a missing or malformed value. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
