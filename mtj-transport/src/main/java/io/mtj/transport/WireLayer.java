package io.mtj.transport;

import java.io.IOException;

/**
 * A layer stacked on the socket's wire before obfuscation and framing, such as MTProxy fake-TLS
 * records or WebSocket messages. Performs its own handshake and returns the wire to continue on.
 */
@FunctionalInterface
public interface WireLayer {
    Wire wrap(Wire below, Endpoint endpoint) throws IOException;
}
