package io.mtj.transport.codec;

/**
 * Which end of the connection a codec serves. The framings are symmetric except for quick acks
 * and error frames: a client sets the quick-ack bit and receives tokens and error codes, a server
 * receives the bit and sends tokens and error codes.
 */
public enum Side {
    CLIENT,
    SERVER
}
