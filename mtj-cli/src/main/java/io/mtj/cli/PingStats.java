package io.mtj.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** What {@code mtj ping} counts: outcomes and the latency of every answered call. Thread-safe. */
final class PingStats {
    private final int sent;
    private final AtomicLongArray nanos;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();

    PingStats(int sent) {
        this.sent = sent;
        this.nanos = new AtomicLongArray(sent);
    }

    void answered(long latencyNanos) {
        nanos.set(answered.getAndIncrement(), latencyNanos);
    }

    void failed() {
        failed.incrementAndGet();
    }

    void unknown() {
        unknown.incrementAndGet();
    }

    int answered() {
        return answered.get();
    }

    int failures() {
        return failed.get() + unknown.get();
    }

    /** {@code N sent, A answered, F failed, U unknown, X calls/s, p50 Y ms, p99 Z ms}. */
    String line(long elapsedNanos) {
        int a = answered.get();
        long[] sorted = new long[a];
        for (int i = 0; i < a; i++) {
            sorted[i] = nanos.get(i);
        }
        Arrays.sort(sorted);
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        return String.format(
                Locale.ROOT,
                "%d sent, %d answered, %d failed, %d unknown, %.0f calls/s, p50 %s ms, p99 %s ms",
                sent,
                a,
                failed.get(),
                unknown.get(),
                (a + failed.get() + unknown.get()) / seconds,
                millis(percentile(sorted, 50)),
                millis(percentile(sorted, 99)));
    }

    /** The nearest-rank percentile; 0 for no values. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
