package io.mtj.transport;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The transport was closed (by {@link Transport#close()} or after a fatal error) before or during the call. */
public final class TransportClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted on the closed transport
     * @param cause the failure that closed the transport, or null if it was closed on purpose
     */
    public TransportClosedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
