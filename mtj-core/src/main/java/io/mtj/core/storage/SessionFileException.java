package io.mtj.core.storage;

import java.io.IOException;

/** A session file exists but cannot be used: wrong magic, unknown version, bad checksum, truncated or too large. */
public final class SessionFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public SessionFileException(String message) {
        super(message);
    }

    public SessionFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
