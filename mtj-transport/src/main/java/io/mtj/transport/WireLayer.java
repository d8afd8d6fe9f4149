package io.mtj.transport;

import java.io.IOException;

/**
 * A layer stacked on the socket's wire before obfuscation and framing, such as MTProxy fake-TLS
 * records or WebSocket messages. Performs its own handshake and returns the wire to continue on.
 */
@FunctionalInterface
public interface WireLayer {
    /**
     * Runs this layer's handshake over {@code below} and returns the wire to continue on.
     *
     * @param below the connected wire under this layer; the returned wire owns it
     * @param endpoint the endpoint being reached, for layers that name it (WebSocket's Host header)
     * @return the wire above this layer
     * @throws IOException if the handshake fails; {@code below} is then closed
     */
    Wire wrap(Wire below, Endpoint endpoint) throws IOException;
}
