package io.mtj.transport;

/**
 * What {@link Transport#receive()} yields: a complete MTProto packet, or a quick-ack token.
 *
 * <p>A server's 4-byte negative error frame (-404, -429, ...) is never a {@code Frame}: it is thrown
 * as {@link TransportException}.
 */
public sealed interface Frame {
    /** One complete MTProto packet. Not a record: a record would compare its array by identity. */
    final class Packet implements Frame {
        private final byte[] payload;
        private final boolean quickAckRequested;

        /**
         * Wraps a received packet.
         *
         * @param payload the packet bytes, handed over (not copied)
         * @param quickAckRequested the sender set the quick-ack bit (only ever true on the server side)
         */
        public Packet(byte[] payload, boolean quickAckRequested) {
            this.payload = payload;
            this.quickAckRequested = quickAckRequested;
        }

        /**
         * Wraps a packet without the quick-ack bit.
         *
         * @param payload the packet bytes, handed over (not copied)
         */
        public Packet(byte[] payload) {
            this(payload, false);
        }

        /**
         * Gives the packet bytes, owned by the receiver; the transport keeps no reference.
         *
         * @return the array itself, not a copy
         */
        public byte[] payload() {
            return payload;
        }

        /**
         * Tells whether the sender set the quick-ack bit (only ever true on the server side).
         *
         * @return true if a quick ack was asked for
         */
        public boolean quickAckRequested() {
            return quickAckRequested;
        }

        /**
         * Tells the packet length.
         *
         * @return the payload length in bytes
         */
        public int length() {
            return payload.length;
        }

        @Override
        public String toString() {
            return "Packet[" + payload.length + " bytes" + (quickAckRequested ? ", quick ack requested]" : "]");
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
