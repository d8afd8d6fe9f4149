package io.mtj.testdc;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * How many times the test DC executed each request, so a test can assert "exactly once". A request is executed when
 * the DC runs its handler (API calls, and {@code ping}, which the DC answers itself); a duplicate answered from the
 * stored result is not an execution. Requests are told apart by an identity: by default (auth key id, session id,
 * msg_id); {@link #identity} lets a test choose another, such as an argument it makes unique per call, to catch a
 * client that re-sends a call under a new msg_id. Obtain it with {@link TestDc#executions()}. Thread-safe; one
 * counter per distinct identity is kept until {@link #reset()}.
 */
public final class Executions {
    /** The default identity of a request: the message that carried it. */
    public record MessageKey(long authKeyId, long sessionId, long msgId) {}

    private final Map<Object, AtomicInteger> counts = new ConcurrentHashMap<>();
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
        counts.clear();
        total.set(0);
        repeated.set(0);
        return this;
    }

    void record(ReceivedRequest request) {
        Object key = identity.apply(request);
        int n = counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        total.incrementAndGet();
        if (n == 2) {
            repeated.incrementAndGet();
        }
    }

    /** How many times the request with this identity was executed (0 if never). */
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

    /** Distinct requests executed. */
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
