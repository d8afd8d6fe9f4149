package io.mtj.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Whether and how a {@link TelegramClient} connects again by itself after an established connection was lost.
 *
 * <p>Attempt {@code n} (from 1) waits a random time between half and all of {@code initialDelay * 2^(n-1)}, capped
 * at {@code maxDelay}, then runs {@link TelegramClient#connect()}, which puts the same session on a new connection
 * with the same auth key (a key the server no longer knows is replaced by a new exchange). Calls made in the
 * meantime, and calls that were still queued, wait for the new connection within their call timeout. Calls already
 * sent are recovered there the protocol's way: answered, sent again only if the server says it never received
 * them, or failed with {@link OutcomeUnknownException} if the server forgot them.
 *
 * @param maxAttempts attempts after one loss before the client gives up (0: never reconnect)
 * @param initialDelay the wait before the first attempt, before jitter
 * @param maxDelay the longest wait between two attempts
 */
public record ReconnectPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    /** No automatic reconnection: after a loss, calls fail until {@link TelegramClient#connect()} is called. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(0, Duration.ZERO, Duration.ZERO);

    /**
     * Checks the policy.
     *
     * @throws IllegalArgumentException if {@code maxAttempts} or a delay is negative, or {@code maxDelay} is shorter
     *     than {@code initialDelay}
     */
    public ReconnectPolicy {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must not be negative, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "reconnect delays must not be negative, got " + initialDelay + " and " + maxDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
        }
    }

    /**
     * Keeps trying, 250 ms after the loss at first, then backing off to one attempt every 30 s at most.
     *
     * @return the default policy
     */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(Integer.MAX_VALUE, Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    /** {@return whether the client reconnects by itself (more than zero attempts)} */
    public boolean enabled() {
        return maxAttempts > 0;
    }

    /**
     * The wait before attempt {@code attempt} (1-based), with jitter drawn from {@code random}.
     *
     * @param attempt the attempt number, from 1
     * @param random the source of jitter
     * @return between half and all of {@code initialDelay} doubled for each earlier attempt, capped at {@code maxDelay}
     * @throws IllegalArgumentException if {@code attempt} is less than 1
     */
    public Duration delay(int attempt, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        long initial = initialDelay.toMillis();
        long max = maxDelay.toMillis();
        long full = initial;
        for (int i = 1; i < attempt && full < max; i++) {
            full *= 2;
        }
        full = Math.min(full, max);
        long half = full / 2;
        return Duration.ofMillis(half + (full - half == 0 ? 0 : random.nextLong(full - half + 1)));
    }
}
