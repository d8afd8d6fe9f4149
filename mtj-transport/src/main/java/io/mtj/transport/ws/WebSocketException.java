package io.mtj.transport.ws;

import java.net.ProtocolException;

/**
 * A WebSocket handshake or frame that breaks RFC 6455 or this transport's rules (binary only,
 * sub-protocol {@code binary}, bounded frames). The message says what was expected and what came.
 */
public final class WebSocketException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public WebSocketException(String message) {
        super(message);
    }
}
