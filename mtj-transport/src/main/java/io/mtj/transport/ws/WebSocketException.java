package io.mtj.transport.ws;

import java.net.ProtocolException;

/**
 * A WebSocket handshake or frame that breaks RFC 6455 or this transport's rules (binary only,
 * sub-protocol {@code binary}, bounded frames). The message says what was expected and what came.
 */
public final class WebSocketException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** Close status for a protocol error (RFC 6455 section 7.4.1). */
    public static final int PROTOCOL_ERROR = 1002;
    /** Close status for data of a type this endpoint does not accept (text). */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Close status for a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;

    /**
     * The close status for this fault.
     */
    private final int closeCode;

    /**
     * Creates a protocol-error exception ({@link #PROTOCOL_ERROR}).
     *
     * @param message what was expected and what came
     */
    public WebSocketException(String message) {
        this(PROTOCOL_ERROR, message);
    }

    /**
     * Creates the exception with a chosen close status.
     *
     * @param closeCode the RFC 6455 close status, such as {@link #MESSAGE_TOO_BIG}
     * @param message what was expected and what came
     */
    public WebSocketException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /**
     * Gives the status code sent in the close frame when this fault ends a connection.
     *
     * @return an RFC 6455 close status
     */
    public int closeCode() {
        return closeCode;
    }
}
