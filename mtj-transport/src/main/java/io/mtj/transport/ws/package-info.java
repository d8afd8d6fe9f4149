/** WebSocket (RFC 6455) as a {@link io.mtj.transport.Wire} layer: handshake and frames, both sides. */
@NullMarked
package io.mtj.transport.ws;

import org.jspecify.annotations.NullMarked;
