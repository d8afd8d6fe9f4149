package io.mtj.transport;

/**
 * Sees every frame a {@link FramedTransport} sends or receives, at the framing level: the packet
 * bytes after decoding and before encoding, so neither the framing's length header nor the
 * obfuscation's ciphertext is included. Meant for tracing and debugging ({@code mtj connect
 * --trace}).
 *
 * <p>Called on the sending or receiving thread, inline, so it must be quick and must not throw; the
 * send and receive paths may call it concurrently. The bytes are the transport's own (never copied):
 * read them during the call, do not keep or modify the array. A packet is reported before it is
 * encoded, so one that fails to go out (e.g. too long) is reported too.
 *
 * <p>The packets are MTProto packets: encrypted ones are ciphertext after their auth_key_id and
 * msg_key, unencrypted ones (the key exchange) are readable, as on the wire without obfuscation.
 */
@FunctionalInterface
public interface FrameListener {
    /** Listens to nothing; a transport with this listener does no listener work at all. */
    FrameListener NONE = (direction, framing, bytes, off, len, quickAck) -> {};

    /** Which way a frame went. */
    enum Direction {
        /**
         * This side wrote the frame.
         */
        SENT("->"),
        /**
         * This side read the frame from the peer.
         */
        RECEIVED("<-");

        private final String arrow;

        Direction(String arrow) {
            this.arrow = arrow;
        }

        /**
         * Gives an arrow for trace lines.
         *
         * @return {@code ->} for sent, {@code <-} for received
         */
        public String arrow() {
            return arrow;
        }
    }

    /**
     * One MTProto packet: {@code bytes[off, off + len)}.
     *
     * @param direction whether the packet was sent or received
     * @param framing the connection's framing
     * @param bytes the transport's own array; read it during the call only
     * @param off where the packet starts
     * @param len the packet length in bytes
     * @param quickAck sent: the quick-ack bit was set; received: the peer set it (server side only)
     */
    void packet(Direction direction, Framing framing, byte[] bytes, int off, int len, boolean quickAck);

    /**
     * A quick-ack token.
     *
     * @param direction whether the token was sent (server side) or received (client side)
     * @param framing the connection's framing
     * @param token the 32 bits as on the wire, bit 31 set
     */
    default void quickAck(Direction direction, Framing framing, int token) {}

    /**
     * A transport error frame, a negative code such as -404. A received one then fails the receive
     * with {@link TransportException}.
     *
     * @param direction whether the error was sent (server side) or received (client side)
     * @param framing the connection's framing
     * @param code the error code, negative
     */
    default void error(Direction direction, Framing framing, int code) {}
}
