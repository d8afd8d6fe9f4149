package io.mtj.core.auth;

import io.mtj.crypto.KeyDerivation;

/**
 * The outcome of a key exchange: the permanent auth key and what the session needs to start with it. {@link
 * #toString()} shows only the public key id.
 *
 * @param key the 256-byte auth key (secret)
 * @param id auth_key_id, the lower 64 bits of SHA1(key)
 * @param serverSalt the first server salt, {@code new_nonce[0:8] xor server_nonce[0:8]}
 * @param clockOffsetMillis server_time minus the local clock when server_DH_inner_data was read
 */
public record AuthKey(byte[] key, long id, long serverSalt, long clockOffsetMillis) {
    public AuthKey {
        if (key.length != KeyDerivation.AUTH_KEY_LENGTH) {
            throw new IllegalArgumentException("auth key must be 256 bytes, got " + key.length);
        }
        key = key.clone();
    }

    /** A copy of the key bytes. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthKey a
                && java.util.Arrays.equals(key, a.key)
                && id == a.id
                && serverSalt == a.serverSalt
                && clockOffsetMillis == a.clockOffsetMillis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "AuthKey[id=0x" + Long.toHexString(id) + "]";
    }
}
