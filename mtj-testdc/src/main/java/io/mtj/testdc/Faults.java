package io.mtj.testdc;

import io.mtj.tl.TlMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection for a running {@link TestDc}; obtain it with {@link TestDc#faults()}. Two kinds: effects attached to
 * one request ({@link #onCall}, a {@link CallEffect} such as "close the connection after executing it"), and faults
 * that apply to all connections of the DC (those open now and those accepted later) until used up or {@link
 * #clear()}ed. {@link #chaos} applies effects at random, continuously. Thread-safe.
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
    private final ReentrantLock effectsLock = new ReentrantLock();
    private final List<Attached> effects = new ArrayList<>();
    private volatile @Nullable Chaos chaos;

    /** An effect waiting for the first request it matches. */
    private record Attached(Predicate<? super ReceivedRequest> which, CallEffect effect) {}

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
        dc.connections().sendTransportErrorToAll(code);
        return this;
    }

    /** Closes every open connection now, without an error frame; the sessions survive (a moment, not a request). */
    public Faults closeNow() {
        dc.connections().closeAll();
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
        dc.connections().resetByteBudgets(bytes);
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

    /**
     * Attaches {@code effect} to the next request (an API call, or a service query the DC answers itself such as
     * ping) that {@code which} matches; effects attached earlier are matched first, each used once.
     */
    public Faults onCall(Predicate<? super ReceivedRequest> which, CallEffect effect) {
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(effect, "effect");
        effectsLock.lock();
        try {
            effects.add(new Attached(which, effect));
        } finally {
            effectsLock.unlock();
        }
        return this;
    }

    /** Attaches {@code effect} to the next request of any kind. */
    public Faults onCall(CallEffect effect) {
        return onCall(r -> true, effect);
    }

    /** Attaches {@code effect} to the next request whose innermost constructor id is {@code constructorId}. */
    public Faults onCall(int constructorId, CallEffect effect) {
        return onCall(r -> r.constructorId() == constructorId, effect);
    }

    /** Attaches {@code effect} to the next call of {@code method}. */
    public Faults onCall(Class<? extends TlMethod<?>> method, CallEffect effect) {
        Objects.requireNonNull(method, "method");
        return onCall(r -> method.isInstance(r.method()), effect);
    }

    /** How many attached effects have not happened yet. */
    public int pendingEffects() {
        effectsLock.lock();
        try {
            return effects.size();
        } finally {
            effectsLock.unlock();
        }
    }

    /**
     * Applies {@code spec} from now on: its byte budget and clock skew at once, its effects at random on requests
     * (see {@link ChaosSpec}). Replaces an earlier chaos; {@link #clear()} ends it.
     */
    public Faults chaos(ChaosSpec spec) {
        Objects.requireNonNull(spec, "spec");
        this.chaos = new Chaos(spec);
        closeAfterBytes(spec.closeEveryBytes());
        if (spec.skew() != null) {
            skewClock(spec.skew());
        }
        return this;
    }

    /** The effect for {@code request}: the first attached one it matches (then removed), else chaos's pick, else null. */
    @Nullable
    CallEffect effectFor(ReceivedRequest request) {
        effectsLock.lock();
        try {
            for (Iterator<Attached> it = effects.iterator(); it.hasNext(); ) {
                Attached a = it.next();
                if (a.which().test(request)) {
                    it.remove();
                    return a.effect();
                }
            }
        } finally {
            effectsLock.unlock();
        }
        Chaos c = chaos;
        return c == null ? null : c.pick();
    }

    /** Turns every fault off (the clock skew back to zero). */
    public Faults clear() {
        effectsLock.lock();
        try {
            effects.clear();
        } finally {
            effectsLock.unlock();
        }
        chaos = null;
        badSalts.set(0);
        errorOnNextPacket.set(0);
        duplicates.set(0);
        reorders.set(0);
        closeAfterBytes.set(-1);
        dc.connections().resetByteBudgets(-1);
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
