package io.mtj.crypto;

/**
 * Which way an MTProto 2.0 message travels. It selects the offset {@code x} into the auth key
 * used by the msg_key and the key derivation: 0 from client to server, 8 from server to client.
 */
public enum Direction {
    CLIENT_TO_SERVER(0),
    SERVER_TO_CLIENT(8);

    private final int x;

    Direction(int x) {
        this.x = x;
    }

    /** The offset {@code x} of the MTProto 2.0 description. */
    public int x() {
        return x;
    }
}
