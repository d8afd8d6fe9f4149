package io.mtj.core.auth;

import java.time.Instant;

/**
 * A temporary auth key (core.telegram.org/mtproto/pfs) and the life the client gave it: made with {@code
 * p_q_inner_data_temp_dc}, bound to the permanent key with {@code auth.bindTempAuthKey}, forgotten by the server at
 * {@code expiresAt}. The times are the server's (the local clock plus the correction learnt from server_time).
 * {@link #toString()} shows only the public key id.
 *
 * @param key the key and the first salt of its exchange
 * @param expiresAt when the server forgets it (the expires_at sent in the binding)
 * @param lifetimeSeconds expires_in of its exchange
 */
public record TempAuthKey(AuthKey key, Instant expiresAt, int lifetimeSeconds) {
    /** Past this many seconds before expiry a key is not taken onto a new connection: a new one is made instead. */
    static final int LAST_USE_MARGIN_SECONDS = 60;

    public TempAuthKey {
        if (lifetimeSeconds <= 0) {
            throw new IllegalArgumentException(
                    "a temporary key lives a positive number of seconds, got " + lifetimeSeconds);
        }
    }

    /** {@return when a new key should replace this one: three quarters into its life} */
    public Instant renewAt() {
        return expiresAt.minusSeconds(lifetimeSeconds / 4);
    }

    /**
     * Whether a new connection may still start under this key at server time {@code now}: up to a minute (or an
     * eighth of a short life) before it expires, so no call is written under a key about to be forgotten.
     *
     * @param now the server's time now
     * @return true while the key has that much life left
     */
    public boolean usableAt(Instant now) {
        int margin = Math.min(LAST_USE_MARGIN_SECONDS, lifetimeSeconds / 8);
        return now.isBefore(expiresAt.minusSeconds(margin));
    }

    @Override
    public String toString() {
        return "TempAuthKey[id=0x" + Long.toHexString(key.id()) + ", expiresAt=" + expiresAt + "]";
    }
}
