package io.mtj.transport.mtproxy;

/**
 * An MTProxy secret or link that cannot be used. {@link #part()} names the offending piece ({@code
 * "secret"}, {@code "server"}, {@code "port"}, {@code "link"}); the message says what was expected
 * and what was found, and never contains secret bytes.
 */
public final class MtProxyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String part;

    public MtProxyFormatException(String part, String message) {
        super("MTProxy " + part + ": " + message);
        this.part = part;
    }

    /** Which part of the input was wrong. */
    public String part() {
        return part;
    }
}
