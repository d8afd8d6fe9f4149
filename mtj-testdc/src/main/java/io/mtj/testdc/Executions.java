package io.mtj.testdc;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * How many times the test DC executed each request, so a test can assert "exactly once". A request is executed when
 * the DC runs its handler (API calls, and {@code ping}, which the DC answers itself); a duplicate answered from the
 * stored result is not an execution. Requests are told apart by an identity: by default (auth key id, session id,
 * msg_id); {@link #identity} lets a test choose another, such as an argument it makes unique per call, to catch a
 * client that re-sends a call under a new msg_id. Obtain it with {@link TestDc#executions()}. Thread-safe.
 *
 * <p>Bounded: a counter is kept for the latest {@value #KEPT} distinct identities; an older one is forgotten (a DC
 * that runs for hours at 100,000 calls a second would otherwise keep about 100 bytes per call ever made). The totals
 * ({@link #total()}, {@link #executedMoreThanOnce()}) count everything; a repeat is seen as long as the first
 * execution is among the latest {@value #KEPT}, which a re-send after a lost connection always is in the tests and
 * the chaos runs.
 */
public final class Executions {
    /** The default identity of a request: the message that carried it. */
    public record MessageKey(long authKeyId, long sessionId, long msgId) {}

    /** Distinct identities whose counters are kept. */
    static final int KEPT = 1 << 18;

    private final Map<Object, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** The kept identities in the order they were first seen, oldest first (grows up to {@link #KEPT}). */
    private final ArrayDeque<Object> order = new ArrayDeque<>();

    private final ReentrantLock orderLock = new ReentrantLock();
    private final AtomicLong total = new AtomicLong();
    private final AtomicInteger repeated = new AtomicInteger();
    private volatile Function<? super ReceivedRequest, ?> identity = Executions::messageKey;

    Executions() {}

    /** The default identity: (auth key id, session id, msg_id). */
    public static MessageKey messageKey(ReceivedRequest request) {
        return new MessageKey(request.authKeyId(), request.sessionId(), request.msgId());
    }

    /** Counts requests by {@code identity} from now on (the counters are reset). */
    public Executions identity(Function<? super ReceivedRequest, ?> identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
        reset();
        return this;
    }

    /** Forgets every counter. */
    public Executions reset() {
        orderLock.lock();
        try {
            counts.clear();
            order.clear();
        } finally {
            orderLock.unlock();
        }
        total.set(0);
        repeated.set(0);
        return this;
    }

    void record(ReceivedRequest request) {
        Object key = identity.apply(request);
        AtomicInteger counter = counts.get(key);
        if (counter == null) {
            counter = firstSeen(key);
        }
        int n = counter.incrementAndGet();
        total.incrementAndGet();
        if (n == 2) {
            repeated.incrementAndGet();
        }
    }

    /** The counter of an identity not seen before (or forgotten), kept in place of the oldest once full. */
    private AtomicInteger firstSeen(Object key) {
        orderLock.lock();
        try {
            AtomicInteger counter = counts.get(key);
            if (counter != null) {
                return counter; // another thread added it meanwhile
            }
            if (order.size() == KEPT) {
                counts.remove(order.pollFirst());
            }
            order.addLast(key);
            counter = new AtomicInteger();
            counts.put(key, counter);
            return counter;
        } finally {
            orderLock.unlock();
        }
    }

    /** How many times the request with this identity was executed (0 if never, or forgotten: see above). */
    public int count(Object identity) {
        AtomicInteger n = counts.get(identity);
        return n == null ? 0 : n.get();
    }

    /** How many times {@code request} (by the current identity) was executed. */
    public int count(ReceivedRequest request) {
        return count(identity.apply(request));
    }

    /** Executions in all. */
    public long total() {
        return total.get();
    }

    /** Distinct requests executed among those kept (at most {@value #KEPT}). */
    public int distinct() {
        return counts.size();
    }

    /** Distinct requests executed more than once. */
    public int executedMoreThanOnce() {
        return repeated.get();
    }

    @Override
    public String toString() {
        return "executed " + total() + " calls, " + executedMoreThanOnce() + " more than once";
    }
}
