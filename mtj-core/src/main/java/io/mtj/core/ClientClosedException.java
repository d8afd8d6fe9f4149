package io.mtj.core;

import java.io.IOException;

/** The client was closed (or never connected) when a call was made or while it waited. */
public final class ClientClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A call or connect on a client that is closed (or not connected yet).
     *
     * @param message what was attempted
     */
    public ClientClosedException(String message) {
        super(message);
    }
}
