package io.mtj.transport;

import java.io.IOException;

/**
 * Receives decoded frames one call each, without a {@link Frame} object per frame: the allocation-free
 * form of {@link Transport#receive()}, for a reader loop that handles packets as they come.
 *
 * <p>Called on the reader's thread, once per frame, in stream order. An exception thrown here ends the
 * receive call that delivered the frame and reaches its caller unchanged.
 */
public interface FrameSink {
    /**
     * One complete MTProto packet.
     *
     * @param payload the packet bytes, handed over: the transport keeps no reference
     * @param quickAckRequested the sender set the quick-ack bit (only ever true on the server side)
     * @throws IOException to end the receive call; it reaches the caller unchanged
     */
    void packet(byte[] payload, boolean quickAckRequested) throws IOException;

    /**
     * The server's quick acknowledgement of a packet sent with the quick-ack bit (client side).
     *
     * @param token the 32 bits as sent, high bit included
     * @throws IOException to end the receive call; it reaches the caller unchanged
     */
    void quickAck(int token) throws IOException;

    /**
     * Hands a {@link Frame} object to a sink: a packet to {@link #packet}, a quick ack to {@link #quickAck}.
     *
     * @param frame the frame to pass on
     * @param sink the receiver
     * @throws IOException if the sink throws it
     */
    static void dispatch(Frame frame, FrameSink sink) throws IOException {
        switch (frame) {
            case Frame.Packet p -> sink.packet(p.payload(), p.quickAckRequested());
            case Frame.QuickAck q -> sink.quickAck(q.token());
        }
    }
}
