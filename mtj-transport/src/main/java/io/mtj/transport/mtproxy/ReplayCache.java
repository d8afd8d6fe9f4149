package io.mtj.transport.mtproxy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers recently accepted client randoms so a captured hello cannot be replayed. Bounded both
 * in count (oldest entries go first) and in age (entries older than the time-stamp window can no
 * longer pass the time check and are dropped). Safe for concurrent use.
 */
public final class ReplayCache {
    private final int capacity;
    private final Duration ttl;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<ByteBuffer, Instant> seen = new LinkedHashMap<>();

    /**
     * Creates an empty cache.
     *
     * @param capacity the most randoms remembered; the oldest goes first when full
     * @param ttl how long a random is remembered; should cover the time-stamp window both ways
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public ReplayCache(int capacity, Duration ttl) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay cache capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.ttl = ttl;
    }

    /**
     * Records {@code random} as seen at {@code now}, dropping entries older than the time to live.
     *
     * @param random the client random; copied
     * @param now the time of the hello
     * @return true if the random was not remembered (the hello is new), false if it is a replay
     */
    public boolean firstSeen(byte[] random, Instant now) {
        ByteBuffer key = ByteBuffer.wrap(random.clone());
        lock.lock();
        try {
            Iterator<Map.Entry<ByteBuffer, Instant>> it = seen.entrySet().iterator();
            Instant horizon = now.minus(ttl);
            while (it.hasNext()) {
                Map.Entry<ByteBuffer, Instant> e = it.next();
                if (seen.size() <= capacity && !e.getValue().isBefore(horizon)) {
                    break;
                }
                it.remove();
            }
            if (seen.containsKey(key)) {
                return false;
            }
            seen.put(key, now);
            if (seen.size() > capacity) {
                it = seen.entrySet().iterator();
                it.next();
                it.remove();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells how many randoms are remembered now.
     *
     * @return the number of entries, at most the capacity
     */
    public int size() {
        lock.lock();
        try {
            return seen.size();
        } finally {
            lock.unlock();
        }
    }
}
