package io.mtj.core.storage;

import java.io.IOException;

/** A session file exists but cannot be used: wrong magic, unknown version, bad checksum, truncated or too large. */
public final class SessionFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A session file that cannot be used.
     *
     * @param message names the file and what is wrong
     */
    public SessionFileException(String message) {
        super(message);
    }

    /**
     * A session file that cannot be used because of {@code cause}.
     *
     * @param message names the file and what is wrong
     * @param cause the underlying failure
     */
    public SessionFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
