package io.mtj.core.storage;

import java.io.IOException;

/** A session file exists but cannot be used: wrong magic, unknown version, bad checksum, truncated or too large. */
public final class SessionFileException extends IOException {
    private static final long serialVersionUID = 1L;
    /** False for a sound file of another kind, which must not be moved aside as damaged. */
    private final boolean mayBeSetAside;

    /**
     * A session file that cannot be used.
     *
     * @param message names the file and what is wrong
     */
    public SessionFileException(String message) {
        super(message);
        this.mayBeSetAside = true;
    }

    /** A file that cannot be used here; {@code mayBeSetAside} false when it is sound but of another kind. */
    SessionFileException(String message, boolean mayBeSetAside) {
        super(message);
        this.mayBeSetAside = mayBeSetAside;
    }

    /** Whether a store may move the file aside as damaged (false for a sound file of another format). */
    boolean mayBeSetAside() {
        return mayBeSetAside;
    }

    /**
     * A session file that cannot be used because of {@code cause}.
     *
     * @param message names the file and what is wrong
     * @param cause the underlying failure
     */
    public SessionFileException(String message, Throwable cause) {
        super(message, cause);
        this.mayBeSetAside = true;
    }
}
