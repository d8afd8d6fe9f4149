package io.mtj.core.wire;

/**
 * Who created a message, as encoded in the two low bits of its msg_id.
 *
 * <p>Client messages have msg_id divisible by 4; a server's reply to a client message is {@code 1 mod 4}; a message
 * the server sends on its own (an update, a notice) is {@code 3 mod 4}.
 */
public enum MsgIdKind {
    /** Sent by the client: {@code msg_id % 4 == 0}. */
    CLIENT(0),
    /** Server reply to a client message: {@code msg_id % 4 == 1}. */
    SERVER_RESPONSE(1),
    /** Server-initiated message: {@code msg_id % 4 == 3}. */
    SERVER_NOTICE(3);

    private final int lowBits;

    MsgIdKind(int lowBits) {
        this.lowBits = lowBits;
    }

    /** The value of {@code msg_id & 3} for this kind. */
    public int lowBits() {
        return lowBits;
    }

    /** Whether {@code msgId} carries the parity of a message sent by {@code from}. */
    public static boolean sentBy(long msgId, Peer from) {
        int low = (int) (msgId & 3);
        return from == Peer.CLIENT ? low == 0 : low == 1 || low == 3;
    }

    /** The two sides of a connection. */
    public enum Peer {
        CLIENT,
        SERVER
    }
}
