package io.mtj.transport.mtproxy;

import java.net.ProtocolException;

/**
 * A fake-TLS handshake or record that was refused. {@link #reason()} says why; the message adds
 * expected vs actual values and offsets, never keys, randoms or HMAC values.
 */
public final class FakeTlsException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** Why a hello or record was refused. */
    public enum Reason {
        /** A record type other than the one expected at that point. */
        BAD_RECORD_TYPE,
        /** A record version other than TLS 1.2 ({@code 03 03}), or {@code 03 01} for a ClientHello. */
        BAD_VERSION,
        /** A record longer than the TLS limit. */
        OVERSIZED_RECORD,
        /** The peer sent a TLS alert. */
        ALERT,
        /** A ClientHello or ServerHello whose structure is broken. */
        MALFORMED_HELLO,
        /** Client side: the server's random is not the expected HMAC. */
        SERVER_HMAC_MISMATCH,
        /** Server side: the client random matches no configured secret. */
        UNKNOWN_SECRET,
        /** Server side: the SNI is not the domain of the matching secret. */
        SNI_MISMATCH,
        /** Server side: the timestamp hidden in the client random is outside the allowed window. */
        STALE_TIMESTAMP,
        /** Server side: this exact client random was already accepted. */
        REPLAYED_HELLO
    }

    /**
     * Why the hello or record was refused.
     */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the hello or record was refused
     * @param message expected and actual values; never keys, randoms or HMAC values
     */
    public FakeTlsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Tells why the hello or record was refused.
     *
     * @return the reason, never null
     */
    public Reason reason() {
        return reason;
    }
}
