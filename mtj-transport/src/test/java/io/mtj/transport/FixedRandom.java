package io.mtj.transport;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Deterministic randomness for tests: a fixed padding length and a fixed fill byte. */
public final class FixedRandom implements RandomGenerator {
    private final int bound;
    private final byte fill;

    public FixedRandom(int boundedValue, int fill) {
        this.bound = boundedValue;
        this.fill = (byte) fill;
    }

    @Override
    public long nextLong() {
        return 0x0101010101010101L * (fill & 0xff);
    }

    @Override
    public int nextInt(int bound) {
        if (this.bound >= bound) {
            throw new IllegalStateException("fixed value " + this.bound + " is not below bound " + bound);
        }
        return this.bound;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        Arrays.fill(bytes, fill);
    }
}
