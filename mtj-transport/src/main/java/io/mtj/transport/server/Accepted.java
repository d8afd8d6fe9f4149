package io.mtj.transport.server;

import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;

/**
 * What {@link TransportAcceptor} found on a new connection.
 *
 * @param transport the server-side transport, positioned at the client's first frame
 * @param framing the framing the client speaks
 * @param obfuscated whether the client sent an obfuscation header
 * @param dcId the signed dc id from the obfuscation header (0 when not obfuscated)
 * @param secretIndex index of the MTProxy secret that matched, or -1 (none or not obfuscated)
 */
public record Accepted(FramedTransport transport, Framing framing, boolean obfuscated, int dcId, int secretIndex) {}
