package io.mtj.transport;

/**
 * What {@link Transport#receive()} yields: a complete MTProto packet, or a quick-ack token.
 *
 * <p>A server's 4-byte negative error frame (-404, -429, ...) is never a {@code Frame}: it is thrown
 * as {@link TransportException}.
 */
public sealed interface Frame {
    /**
     * One complete MTProto packet.
     *
     * @param payload the packet bytes (owned by the receiver; the transport keeps no reference)
     * @param quickAckRequested the sender set the quick-ack bit (only ever true on the server side)
     */
    record Packet(byte[] payload, boolean quickAckRequested) implements Frame {
        public Packet(byte[] payload) {
            this(payload, false);
        }

        public int length() {
            return payload.length;
        }
    }

    /**
     * The server's quick acknowledgement of a packet sent with the quick-ack bit.
     *
     * @param token the 32 bits as sent, high bit included (the first 32 bits of the SHA-256 that
     *     MTProto computes for msg_key, with bit 31 set)
     */
    record QuickAck(int token) implements Frame {}
}
