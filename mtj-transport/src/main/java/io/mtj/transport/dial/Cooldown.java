package io.mtj.transport.dial;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers addresses that failed, so the next dial tries them last: a failure cools an address
 * down for {@code base}, doubling with each further failure up to {@code max}; a success forgets
 * it. Thread-safe; one instance is meant to live as long as the client.
 */
public final class Cooldown {
    private final InstantSource clock;
    private final Duration base;
    private final Duration max;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(int failures, Instant until) {}

    /**
     * Creates an empty cooldown.
     *
     * @param clock the time cooldowns are measured against
     * @param base how long one failure cools an address down
     * @param max the longest cooldown, however many failures
     * @throws IllegalArgumentException unless {@code 0 < base <= max}
     */
    public Cooldown(InstantSource clock, Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("cooldown needs 0 < base <= max, got " + base + " and " + max);
        }
        this.clock = clock;
        this.base = base;
        this.max = max;
    }

    /**
     * Creates a cooldown on the system clock: 5 s doubling up to 5 minutes.
     *
     * @return a new, empty cooldown
     */
    public static Cooldown standard() {
        return new Cooldown(InstantSource.system(), Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    /**
     * Records a failure: the address cools down from now for {@code base} doubled once per earlier
     * consecutive failure, at most {@code max}.
     *
     * @param address the address that failed; keyed by host and port
     */
    public void failed(DcAddress address) {
        Instant now = clock.instant();
        entries.compute(address.key(), (k, old) -> {
            int failures = old == null ? 1 : Math.min(old.failures + 1, 30);
            Duration wait = base.multipliedBy(1L << Math.min(failures - 1, 20));
            return new Entry(failures, now.plus(wait.compareTo(max) > 0 ? max : wait));
        });
    }

    /**
     * Records a success: the address's failures are forgotten.
     *
     * @param address the address that connected
     */
    public void succeeded(DcAddress address) {
        entries.remove(address.key());
    }

    /**
     * Tells when {@code address} stops cooling down, if it still is.
     *
     * @param address the address to look up, by host and port
     * @return the instant the cooldown ends, or empty if the address is not cooling down now
     */
    public Optional<Instant> coolingUntil(DcAddress address) {
        Entry e = entries.get(address.key());
        return e == null || !e.until.isAfter(clock.instant()) ? Optional.empty() : Optional.of(e.until);
    }
}
