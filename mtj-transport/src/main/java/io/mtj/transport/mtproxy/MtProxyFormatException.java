package io.mtj.transport.mtproxy;

/**
 * An MTProxy secret or link that cannot be used. {@link #part()} names the offending piece ({@code
 * "secret"}, {@code "server"}, {@code "port"}, {@code "link"}); the message says what was expected
 * and what was found, and never contains secret bytes.
 */
public final class MtProxyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * The offending piece of input.
     */
    private final String part;

    /**
     * Creates the exception with the message {@code MTProxy <part>: <message>}.
     *
     * @param part the offending piece, such as {@code "secret"} or {@code "port"}
     * @param message what was expected and what was found, without secret bytes
     */
    public MtProxyFormatException(String part, String message) {
        super("MTProxy " + part + ": " + message);
        this.part = part;
    }

    /**
     * Tells which part of the input was wrong.
     *
     * @return {@code "secret"}, {@code "server"}, {@code "port"} or {@code "link"}
     */
    public String part() {
        return part;
    }
}
