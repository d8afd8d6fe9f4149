package io.mtj.core.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What is kept between runs so that {@code connect()} can skip the key exchange: the data centre, the permanent auth
 * key, the current server salt, salts fetched ahead, and the clock offset. {@link #toString()} never shows the key or
 * the salts.
 *
 * @param dcId the data centre the key belongs to
 * @param host the host the key was made with
 * @param port the port
 * @param authKey the 256-byte auth key
 * @param serverSalt the last known server salt
 * @param clockOffsetMillis server time minus local time
 * @param futureSalts salts fetched ahead, at most {@link #MAX_FUTURE_SALTS}
 */
public record SessionState(
        int dcId,
        String host,
        int port,
        byte[] authKey,
        long serverSalt,
        long clockOffsetMillis,
        List<FutureSalt> futureSalts) {
    /** Bound on stored future salts (the server hands out at most 64). */
    public static final int MAX_FUTURE_SALTS = 64;

    /**
     * Checks the key length and the number of future salts, and copies the key and the list.
     *
     * @throws IllegalArgumentException if the auth key is not 256 bytes or there are more than {@link
     *     #MAX_FUTURE_SALTS} future salts
     */
    public SessionState {
        Objects.requireNonNull(host, "host");
        if (authKey.length != 256) {
            throw new IllegalArgumentException("auth key must be 256 bytes, got " + authKey.length);
        }
        if (futureSalts.size() > MAX_FUTURE_SALTS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_FUTURE_SALTS + " future salts, got " + futureSalts.size());
        }
        authKey = authKey.clone();
        futureSalts = List.copyOf(futureSalts);
    }

    /**
     * A copy of the auth key.
     *
     * @return the 256-byte key; changing the copy changes nothing here
     */
    @Override
    public byte[] authKey() {
        return authKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionState s
                && dcId == s.dcId
                && host.equals(s.host)
                && port == s.port
                && Arrays.equals(authKey, s.authKey)
                && serverSalt == s.serverSalt
                && clockOffsetMillis == s.clockOffsetMillis
                && futureSalts.equals(s.futureSalts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dcId, host, port, serverSalt, clockOffsetMillis, futureSalts) * 31
                + Arrays.hashCode(authKey);
    }

    @Override
    public String toString() {
        return "SessionState[dc=" + dcId + ", " + host + ":" + port + ", offset=" + clockOffsetMillis + " ms, "
                + futureSalts.size() + " future salts]";
    }
}
