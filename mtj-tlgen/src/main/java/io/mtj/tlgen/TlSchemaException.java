package io.mtj.tlgen;

/** A schema the generator cannot accept; the message names file, line and problem. */
public final class TlSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlSchemaException(String message) {
        super(message);
    }

    public TlSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
