package io.mtj.core.bootstrap;

import java.io.IOException;

/** A simple config that could not be fetched, decoded or trusted; {@link #reason()} says which step failed. */
public final class SimpleConfigException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The step that failed. */
    public enum Reason {
        /** The text is too short or long, or not 344 base64 characters once filtered. */
        LENGTH,
        /** The base64 does not decode to 256 bytes. */
        BASE64,
        /** The RSA block is not below the key's modulus. */
        RSA,
        /** The SHA-256 check after AES-CBC failed: not signed with the key, or damaged. */
        HASH,
        /** The decrypted data length or constructor is wrong, or the TL does not parse. */
        CONTENT,
        /** The config is outside its date..expires window. */
        EXPIRED,
        /** The source answered with something other than a DNS-over-HTTPS JSON answer of two TXT parts. */
        SOURCE
    }

    /** The step that failed. */
    private final Reason reason;

    /**
     * A failure at step {@code reason}.
     *
     * @param reason the step that failed
     * @param message what was wrong, as a sentence
     */
    public SimpleConfigException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * A failure at step {@code reason}, caused by {@code cause}.
     *
     * @param reason the step that failed
     * @param message what was wrong, as a sentence
     * @param cause what the step saw
     */
    public SimpleConfigException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * The step that failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
