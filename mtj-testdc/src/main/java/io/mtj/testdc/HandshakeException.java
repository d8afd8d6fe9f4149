package io.mtj.testdc;

import java.io.IOException;

/**
 * The test DC rejected a step of the DH key exchange. The DC answers such a client with transport error -404 and
 * closes the connection, as Telegram does; the exception itself is what {@link TestDc#takeHandshakeFailure} returns,
 * so tests can assert which check failed. Messages name public facts only (ids, lengths, which check), never nonces
 * or key material.
 */
public final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which server-side check failed. */
    public enum Reason {
        /** A message arrived that is not valid in the current state of the exchange. */
        UNEXPECTED_MESSAGE,
        /** The nonce is not the one from req_pq. */
        NONCE_MISMATCH,
        /** The server_nonce is not the one this DC sent in resPQ. */
        SERVER_NONCE_MISMATCH,
        /** The public key fingerprint is not this DC's key. */
        UNKNOWN_FINGERPRINT,
        /** Neither RSA_PAD nor the older SHA-1 scheme yields valid inner data. */
        BAD_RSA_PADDING,
        /** p and q do not match the factors of the pq this DC sent. */
        WRONG_PQ,
        /** The inner data's fields do not match the outer request. */
        INNER_DATA_MISMATCH,
        /** The inner data names another DC. */
        WRONG_DC,
        /** The SHA-1 in front of client_DH_inner_data does not verify. */
        BAD_INNER_HASH,
        /** g_b is outside the allowed range. */
        G_B_OUT_OF_RANGE,
        /** retry_id does not name the previous attempt. */
        BAD_RETRY_ID,
        /** The TL of a handshake message is malformed. */
        MALFORMED
    }

    private final Reason reason;

    public HandshakeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public HandshakeException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
