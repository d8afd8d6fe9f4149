package io.mtj.core.wire;

import io.mtj.core.wire.InvalidMessageException.Reason;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers the most recent received msg_ids of one session (a bounded set) and rejects repeats.
 *
 * <p>Once {@code capacity} ids are held, the oldest (smallest) is forgotten and any id not greater than it is
 * rejected as well, since it can no longer be told apart from a replay. Memory stays at {@code capacity} entries.
 * Thread-safe.
 */
public final class ReplayGuard {
    /** Default number of remembered ids. */
    public static final int DEFAULT_CAPACITY = 512;

    private final int capacity;
    private final Set<Long> seen = new HashSet<>();
    private final PriorityQueue<Long> order = new PriorityQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private long floor = Long.MIN_VALUE;

    public ReplayGuard() {
        this(DEFAULT_CAPACITY);
    }

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records {@code msgId} as received.
     *
     * @throws InvalidMessageException with reason REPLAY if it was seen already or is older than what is remembered
     */
    public void accept(long msgId, int seqNo) throws InvalidMessageException {
        lock.lock();
        try {
            if (msgId <= floor) {
                throw new InvalidMessageException(
                        Reason.REPLAY,
                        "msg_id 0x" + Long.toHexString(msgId) + " is not above the oldest remembered id 0x"
                                + Long.toHexString(floor),
                        msgId,
                        seqNo);
            }
            if (!seen.add(msgId)) {
                throw new InvalidMessageException(
                        Reason.REPLAY, "msg_id 0x" + Long.toHexString(msgId) + " was already received", msgId, seqNo);
            }
            order.add(msgId);
            if (order.size() > capacity) {
                long oldest = order.remove();
                seen.remove(oldest);
                floor = oldest;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything (new session). */
    public void clear() {
        lock.lock();
        try {
            seen.clear();
            order.clear();
            floor = Long.MIN_VALUE;
        } finally {
            lock.unlock();
        }
    }
}
