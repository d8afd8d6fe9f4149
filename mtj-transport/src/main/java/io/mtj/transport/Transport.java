package io.mtj.transport;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One MTProto connection carrying whole packets: a framing (abridged, intermediate, padded
 * intermediate or full), optionally obfuscated, over a {@link Wire}.
 *
 * <h2>Threads and ordering</h2>
 *
 * <ul>
 *   <li>{@link #connect} is called once, before anything else, by one thread (client side only; a
 *       server-side transport comes connected from the acceptor).
 *   <li>{@link #send} may be called from any thread. Calls are serialised by an internal lock; each
 *       packet goes out whole and packets leave in the order the calls took the lock. A send
 *       returns once the packet was handed to the socket (flushed), not when the peer read it.
 *   <li>{@link #receive} is called by one reader thread at a time (a concurrent call fails with
 *       {@link IllegalStateException}). Frames come in the order the peer sent them.
 *   <li>{@link #close} may be called from any thread at any time and is idempotent.
 * </ul>
 *
 * <h2>What receive yields</h2>
 *
 * <ul>
 *   <li>{@link Frame.Packet}: one complete packet; never a partial one.
 *   <li>{@link Frame.QuickAck}: the server's 4-byte token for a packet sent with {@code quickAck}.
 *   <li>A server's 4-byte negative error frame (-404, -429, -444 ...) is thrown as {@link
 *       TransportException} carrying the code.
 *   <li>A malformed frame is thrown as {@link FrameException} naming the fault and the offset; a
 *       frame over the configured maximum as {@link FrameTooLargeException}.
 *   <li>The peer closing the stream cleanly between frames is thrown as {@link java.io.EOFException}.
 * </ul>
 *
 * <p>Every one of these failures closes the transport. After {@link #close}, a pending or later
 * {@link #receive} or {@link #send} fails with {@link TransportClosedException}.
 */
public interface Transport extends Closeable {
    /**
     * Dials the endpoint and performs the transport handshake (tag or obfuscation header), with any
     * configured layers (proxy, TLS, WebSocket) in between. Called once, before anything else.
     *
     * @param endpoint the data centre or proxy address to reach
     * @throws IOException if dialing, a layer's handshake or the first write fails, or the connect timeout
     *     passes; the transport is then closed
     * @throws IllegalStateException if the transport is already connected or is server-side
     */
    void connect(Endpoint endpoint) throws IOException;

    /**
     * Sends one packet.
     *
     * @param payload the array holding the packet
     * @param off where the packet starts in {@code payload}
     * @param len the packet length in bytes
     * @param quickAck ask the server for a quick ack (client side; ignored by servers)
     * @throws TransportClosedException if the transport is closed
     * @throws IOException if writing fails or the write timeout passes; the transport is then closed
     * @throws IllegalArgumentException if the length is not a multiple of 4 or exceeds the maximum
     */
    void send(byte[] payload, int off, int len, boolean quickAck) throws IOException;

    /**
     * Sends a whole array as one packet, without asking for a quick ack.
     *
     * @param payload the packet
     * @throws IOException as {@link #send(byte[], int, int, boolean)} throws it
     */
    default void send(byte[] payload) throws IOException {
        send(payload, 0, payload.length, false);
    }

    /**
     * Sends the remaining bytes of {@code payload} as one packet, without a quick ack; its position ends at
     * its limit. A direct buffer is copied once.
     *
     * @param payload the packet, from its position to its limit
     * @throws IOException as {@link #send(byte[], int, int, boolean)} throws it
     */
    default void send(ByteBuffer payload) throws IOException {
        if (payload.hasArray()) {
            send(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(), false);
            payload.position(payload.limit());
        } else {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            send(copy, 0, copy.length, false);
        }
    }

    /**
     * Blocks until the next frame arrives, within the idle timeout if one is set.
     *
     * @return the packet or quick ack, never null
     * @throws TransportException if the server sent a transport error code
     * @throws FrameException if the frame is malformed, truncated or stalled
     * @throws java.io.EOFException if the peer closed the stream cleanly between frames
     * @throws TransportClosedException if the transport is or gets closed
     * @throws IOException if reading fails otherwise; every failure closes the transport
     */
    Frame receive() throws IOException;

    /**
     * Blocks until the next frame arrives and hands it to {@code sink} instead of returning it: the
     * same frames, order, failures and threading rules as {@link #receive()}, without a {@link Frame}
     * object per frame where the implementation supports it ({@link FramedTransport} does; this
     * default calls {@link #receive()}).
     *
     * @param sink receives the frame, on the calling thread
     * @throws IOException as {@link #receive()} throws it
     */
    default void receive(FrameSink sink) throws IOException {
        FrameSink.dispatch(receive(), sink);
    }

    /** Closes the connection; idempotent, callable from any thread, unblocks a pending receive. */
    @Override
    void close();
}
