package io.mtj.core.storage;

/**
 * A server salt and the period it is valid in (unixtime seconds, server clock), as {@code future_salt} gives it.
 *
 * @param validSince first second the salt is accepted
 * @param validUntil last second the salt is accepted
 * @param salt the salt
 */
public record FutureSalt(int validSince, int validUntil, long salt) {
    /**
     * Whether the salt is valid at {@code unixTime} (server clock).
     *
     * @param unixTime seconds since the epoch on the server's clock
     * @return true if {@code validSince <= unixTime <= validUntil} (both unsigned)
     */
    public boolean validAt(long unixTime) {
        return unixTime >= Integer.toUnsignedLong(validSince) && unixTime <= Integer.toUnsignedLong(validUntil);
    }

    @Override
    public String toString() {
        return "FutureSalt[" + Integer.toUnsignedString(validSince) + ".." + Integer.toUnsignedString(validUntil) + "]";
    }
}
