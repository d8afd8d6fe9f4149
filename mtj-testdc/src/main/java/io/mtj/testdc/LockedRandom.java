package io.mtj.testdc;

import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Serialises access to a caller's generator, which need not be thread-safe (a seeded {@code SplittableRandom} for
 * reproducible tests). Every derived value goes through {@link #nextLong()}, so a seeded generator gives the same
 * sequence whatever mix of calls the DC makes.
 */
final class LockedRandom implements RandomGenerator {
    private final RandomGenerator delegate;
    private final ReentrantLock lock = new ReentrantLock();

    LockedRandom(RandomGenerator delegate) {
        this.delegate = delegate;
    }

    @Override
    public long nextLong() {
        lock.lock();
        try {
            return delegate.nextLong();
        } finally {
            lock.unlock();
        }
    }
}
