package io.mtj.crypto;

/** A PEM or DER encoded key could not be read; the message says where and why. */
public final class KeyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }
}
