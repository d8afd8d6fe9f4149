package io.mtj.testdc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for a running {@link TestDc}; obtain it with {@link TestDc#faults()}. Every fault applies to all
 * connections of the DC (those open now and those accepted later) until it is used up or {@link #clear()}ed.
 * Thread-safe.
 */
public final class Faults {
    private final TestDc dc;
    final AtomicInteger badSalts = new AtomicInteger();
    final AtomicInteger errorOnNextPacket = new AtomicInteger();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger reorders = new AtomicInteger();
    final AtomicLong closeAfterBytes = new AtomicLong(-1);
    final AtomicLong stallUntilNanos = new AtomicLong();
    private volatile Duration skew = Duration.ZERO;

    Faults(TestDc dc) {
        this.dc = dc;
    }

    /**
     * The next {@code count} encrypted messages are refused with {@code bad_server_salt}; each refusal first moves
     * the DC to a new random salt, which the notification carries.
     */
    public Faults badServerSalt(int count) {
        requireNonNegative(count, "count");
        badSalts.set(count);
        return this;
    }

    /**
     * Skews the DC's clock by {@code skew} (positive: the DC runs ahead). It moves server msg_ids, the msg_id window
     * the DC checks client messages against (so a large skew yields bad_msg_notification 16 or 17), server_time in
     * the key exchange and the dates in help.getConfig.
     */
    public Faults skewClock(Duration skew) {
        this.skew = skew;
        dc.clockSkewChanged(skew);
        return this;
    }

    /** The current clock skew. */
    public Duration clockSkew() {
        return skew;
    }

    /** Sends transport error {@code code} (e.g. -404, -429) on every open connection now, then closes them. */
    public Faults transportErrorNow(int code) {
        requireNegative(code);
        dc.sendTransportErrorToAll(code);
        return this;
    }

    /**
     * Answers the next packet a client sends (on any connection) with transport error {@code code} instead of
     * processing it, then closes that connection.
     */
    public Faults transportErrorOnNextPacket(int code) {
        requireNegative(code);
        errorOnNextPacket.set(code);
        return this;
    }

    /**
     * Each connection (open now or accepted later) is closed once the DC has written {@code bytes} more bytes to it,
     * possibly in the middle of a frame. Negative: off.
     */
    public Faults closeAfterBytes(long bytes) {
        closeAfterBytes.set(bytes);
        dc.resetByteBudgets(bytes);
        return this;
    }

    /** The DC stops reading and answering on every connection for {@code duration} from now. */
    public Faults stall(Duration duration) {
        stallUntilNanos.set(System.nanoTime() + duration.toNanos());
        return this;
    }

    /** The next {@code count} packets the DC sends go out twice (same bytes, so same msg_ids). */
    public Faults duplicate(int count) {
        requireNonNegative(count, "count");
        duplicates.set(count);
        return this;
    }

    /**
     * The next {@code count} packets the DC sends on a connection are held back and then sent in reverse order once
     * all {@code count} exist (count 2 swaps two answers).
     */
    public Faults reorder(int count) {
        requireNonNegative(count, "count");
        reorders.set(count);
        return this;
    }

    /** Turns every fault off (the clock skew back to zero). */
    public Faults clear() {
        badSalts.set(0);
        errorOnNextPacket.set(0);
        duplicates.set(0);
        reorders.set(0);
        closeAfterBytes.set(-1);
        dc.resetByteBudgets(-1);
        stallUntilNanos.set(0);
        skewClock(Duration.ZERO);
        return this;
    }

    /** Waits while a {@link #stall} is in force, or until {@code connection} closes. */
    void awaitStall(DcConnection connection) throws InterruptedException {
        while (true) {
            long left = stallUntilNanos.get() - System.nanoTime();
            if (left <= 0 || connection.isClosed()) {
                return;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, 50_000_000L)));
        }
    }

    /** Atomically takes one unit of {@code counter} if positive. */
    static boolean take(AtomicInteger counter) {
        while (true) {
            int left = counter.get();
            if (left <= 0) {
                return false;
            }
            if (counter.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    private static void requireNegative(int code) {
        if (code >= 0) {
            throw new IllegalArgumentException("transport error codes are negative (e.g. -404), got " + code);
        }
    }
}
