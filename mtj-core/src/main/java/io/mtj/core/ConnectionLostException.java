package io.mtj.core;

import java.io.IOException;

/**
 * The connection ended and will not be replaced for this call: reconnecting is off ({@link ReconnectPolicy#NEVER})
 * or every attempt failed, or the call belonged to that connection (initConnection during {@link
 * TelegramClient#connect()}). The message names the cause. Whether a call that had been sent took effect is not
 * known; with reconnection on, such calls are recovered instead and only {@link OutcomeUnknownException} says
 * "not known".
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
