package io.mtj.core;

import java.io.IOException;

/**
 * The connection ended while a call was waiting for its answer. Calls are not resent after a reconnect: whether a
 * call already took effect on the server is unknown, so the caller decides whether repeating it is safe.
 */
public final class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectionLostException(String message) {
        super(message);
    }
}
