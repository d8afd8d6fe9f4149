package io.mtj.crypto;

import java.io.IOException;

/**
 * A cryptographic check failed: a message key, an auth key id, a padding hash, a DH parameter or a
 * pq factorisation did not verify. The {@link #check()} names which one.
 *
 * <p>It extends {@link IOException} on purpose: every such failure comes from bytes received off
 * the wire, so the code that reads a connection already handles it, and the usual reaction (drop the
 * message or close the connection) is the same as for any other bad input. Messages never contain
 * secret material (keys, nonces, plaintext), only which check failed and public facts such as
 * lengths.
 */
public final class SecurityCheckException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The check that failed. */
    public enum Check {
        /** The auth_key_id of an encrypted message is not the one of the key in use. */
        AUTH_KEY_ID,
        /** An encrypted message has a length that cannot hold a valid payload. */
        MESSAGE_LENGTH,
        /** The msg_key recomputed over the decrypted payload differs from the one received. */
        MSG_KEY,
        /** An RSA ciphertext is not a valid value for the key (length or range). */
        RSA_VALUE,
        /** The SHA-256 inside an RSA_PAD block does not verify. */
        RSA_PAD_HASH,
        /** A SHA-1 prefixed block (data_with_hash, answer_with_hash) does not verify. */
        DATA_HASH,
        /** pq is not the product of two primes that fit in 32 bits each. */
        PQ_FACTORISATION,
        /** g is outside 2..7. */
        DH_GENERATOR_RANGE,
        /** dh_prime is not exactly 2048 bits long. */
        DH_PRIME_LENGTH,
        /** dh_prime is not prime. */
        DH_PRIME_NOT_PRIME,
        /** (dh_prime - 1) / 2 is not prime. */
        DH_PRIME_NOT_SAFE,
        /** dh_prime does not satisfy the residue condition that makes g generate the right subgroup. */
        DH_GENERATOR_RESIDUE,
        /** g_a or g_b is not strictly between 2^(2048-64) and dh_prime - 2^(2048-64). */
        DH_PUBLIC_VALUE_RANGE
    }

    private final Check check;

    public SecurityCheckException(Check check, String message) {
        super(check + ": " + message);
        this.check = check;
    }

    /** Which check failed. */
    public Check check() {
        return check;
    }
}
