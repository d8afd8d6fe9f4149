package io.mtj.core;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The authorization key exchange failed a security check or was refused; the connection has been closed. {@link
 * #failure()} names the check. The message never contains nonces or key material.
 */
public final class KeyExchangeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which step or check failed. */
    public enum Failure {
        /** An answer carried a nonce different from the one the client sent. */
        NONCE,
        /** An answer carried a server_nonce different from the one in resPQ. */
        SERVER_NONCE,
        /** No fingerprint in resPQ belongs to a trusted server key. */
        NO_TRUSTED_KEY,
        /** pq could not be factorised into two primes. */
        PQ,
        /** server_DH_params_fail: the server refused the DH parameters. */
        DH_PARAMS_FAIL,
        /** new_nonce_hash in server_DH_params_fail does not match. */
        DH_PARAMS_FAIL_HASH,
        /** The SHA-1 of the decrypted server_DH_inner_data does not verify. */
        ANSWER_HASH,
        /** dh_prime is not a 2048-bit safe prime. */
        DH_PRIME,
        /** g is out of range or does not meet the residue condition for dh_prime. */
        DH_G,
        /** g_a is outside (2^1984, dh_prime - 2^1984). */
        G_A_RANGE,
        /** g_b is outside (2^1984, dh_prime - 2^1984). */
        G_B_RANGE,
        /** new_nonce_hash1/2/3 in the final answer does not match. */
        NEW_NONCE_HASH,
        /** dh_gen_fail: the server refused the key. */
        DH_GEN_FAIL,
        /** dh_gen_retry was answered too many times. */
        TOO_MANY_RETRIES,
        /** An answer was not the expected TL constructor or could not be decoded. */
        UNEXPECTED_ANSWER
    }

    /** Which step or check failed. */
    private final Failure failure;

    /**
     * A key exchange step or check failed.
     *
     * @param failure which one
     * @param message what was seen, never key material
     */
    public KeyExchangeException(Failure failure, String message) {
        this(failure, message, null);
    }

    /**
     * A key exchange step or check failed because of {@code cause}.
     *
     * @param failure which one
     * @param message what was seen, never key material
     * @param cause the underlying failure, or null
     */
    public KeyExchangeException(Failure failure, String message, @Nullable Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = failure;
    }

    /** {@return which step or check failed} */
    public Failure failure() {
        return failure;
    }
}
