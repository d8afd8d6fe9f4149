package io.mtj.transport;

import java.io.IOException;

/**
 * The server answered with a transport error: a 4-byte frame holding a negative int32. The
 * connection is closed when this is thrown.
 */
public final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;
    /**
     * The negative error code.
     */
    private final int code;

    /**
     * Creates the exception; the message names the code and, for known codes, what it means.
     *
     * @param code the error code as the server sent it
     */
    public TransportException(int code) {
        super("server sent transport error " + code + ": " + describe(code));
        this.code = code;
    }

    /**
     * Gives the error code.
     *
     * @return the negative error code as the server sent it, e.g. -404
     */
    public int code() {
        return code;
    }

    /**
     * Describes a transport error code in words.
     *
     * @param code the error code
     * @return a sentence for the codes Telegram documents (-404, -429, -444); a generic one for others
     */
    public static String describe(int code) {
        return switch (code) {
            case -404 ->
                "the server found no auth key with the id the packet used (or the packet was"
                        + " addressed to the wrong DC)";
            case -429 -> "too many connections or requests from this address (transport flood); back off";
            case -444 -> "the DC id in the connection header is invalid";
            default -> "no description for this code";
        };
    }
}
