package io.mtj.core;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The connection ended and will not be replaced for this call: reconnecting is off ({@link ReconnectPolicy#NEVER})
 * or every attempt failed, or the call belonged to that connection (initConnection during {@link
 * TelegramClient#connect()}). The message names the cause. Whether a call that had been sent took effect is not
 * known; with reconnection on, such calls are recovered instead and only {@link OutcomeUnknownException} says
 * "not known".
 */
public final class ConnectionLostException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Whether the client tried to reconnect and gave up (see {@link #reconnectingGaveUp()}). */
    private final boolean gaveUp;

    /**
     * The connection ended while the call was in flight, or reconnecting failed.
     *
     * @param message what was lost
     * @param cause what ended the connection
     */
    public ConnectionLostException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private ConnectionLostException(String message, @Nullable Throwable cause, boolean gaveUp) {
        super(message, cause);
        this.gaveUp = gaveUp;
    }

    /**
     * The client reconnected on its own after a loss and gave up: every attempt of the {@link ReconnectPolicy}
     * failed, or a key exchange check failed while reconnecting.
     */
    static ConnectionLostException reconnectingGaveUp(String message, @Nullable Throwable cause) {
        return new ConnectionLostException(message, cause, true);
    }

    /**
     * The connection ended, for a reason not known.
     *
     * @param message what was lost
     */
    public ConnectionLostException(String message) {
        this(message, null, false);
    }

    /**
     * Tells the two ways a connection stays lost apart: true when the client reconnected on its own after the loss
     * and gave up (every attempt of its {@link ReconnectPolicy} failed, or a key exchange check failed while
     * reconnecting); false when it did not try (reconnecting is off, the call was tied to the connection that ended,
     * or the loss came before {@link TelegramClient#connect()} had succeeded). Either way no reconnection is under
     * way and {@link TelegramClient#connect()} starts one.
     *
     * @return whether this loss ends a series of reconnect attempts that failed
     */
    public boolean reconnectingGaveUp() {
        return gaveUp;
    }
}
