package io.mtj.transport.codec;

/**
 * Which end of the connection a codec serves. The framings are symmetric except for quick acks
 * and error frames: a client sets the quick-ack bit and receives tokens and error codes, a server
 * receives the bit and sends tokens and error codes.
 */
public enum Side {
    /**
     * The end that opens the connection: sets the quick-ack bit, receives tokens and error codes.
     */
    CLIENT,
    /**
     * The end that accepts the connection: sends quick-ack tokens and error codes.
     */
    SERVER
}
