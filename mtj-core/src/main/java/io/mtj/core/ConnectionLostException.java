package io.mtj.core;

import java.io.IOException;

/**
 * The connection ended while a call was waiting for its answer. Calls are not resent after a reconnect: whether a
 * call already took effect on the server is unknown, so the caller decides whether repeating it is safe.
 */
public final class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * The connection ended while the call was in flight, or reconnecting failed.
     *
     * @param message what was lost
     * @param cause what ended the connection
     */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The connection ended, for a reason not known.
     *
     * @param message what was lost
     */
    public ConnectionLostException(String message) {
        super(message);
    }
}
