package io.mtj.core.wire;

import io.mtj.core.wire.InvalidMessageException.Reason;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers the most recent received msg_ids of one session (a bounded set) and rejects repeats.
 *
 * <p>Once {@code capacity} ids are held, the oldest (smallest) is forgotten and any id not greater than it is
 * rejected as well, since it can no longer be told apart from a replay. Memory stays at {@code capacity} entries.
 * Thread-safe.
 *
 * <p>The ids are kept sorted in a ring of primitive longs: a server's msg_ids mostly arrive in increasing order, so an
 * id is usually appended at the end, the smallest leaves from the front, and a repeat is found by binary search. The
 * reader checks every message it receives here; boxed ids in a hash set and a priority queue cost a tenth of the
 * reader's time at 50,000 answers a second. The ring starts small and doubles up to {@code capacity}, so an idle
 * session holds little.
 */
public final class ReplayGuard {
    /** Default number of remembered ids. */
    public static final int DEFAULT_CAPACITY = 512;

    private static final int INITIAL = 16;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    /** Ring of ids, ascending from {@code head}; its length is a power of two. */
    private long[] ids = new long[INITIAL];

    private int head;
    private int size;
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
            int at = search(msgId);
            if (at < size && get(at) == msgId) {
                throw new InvalidMessageException(
                        Reason.REPLAY, "msg_id 0x" + Long.toHexString(msgId) + " was already received", msgId, seqNo);
            }
            if (size == capacity) {
                if (at == 0) {
                    floor = msgId; // older than all remembered: accepted, and forgotten first
                    return;
                }
                floor = get(0);
                head = (head + 1) & (ids.length - 1);
                size--;
                at--;
            } else if (size == ids.length) {
                grow();
            }
            for (int j = size; j > at; j--) {
                set(j, get(j - 1));
            }
            set(at, msgId);
            size++;
        } finally {
            lock.unlock();
        }
    }

    /** The first position whose id is at least {@code msgId} (newest first, as ids mostly arrive in order). */
    private int search(long msgId) {
        if (size == 0 || get(size - 1) < msgId) {
            return size;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid) < msgId) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private long get(int i) {
        return ids[(head + i) & (ids.length - 1)];
    }

    private void set(int i, long id) {
        ids[(head + i) & (ids.length - 1)] = id;
    }

    private void grow() {
        long[] bigger = new long[Math.min(ids.length * 2, Integer.highestOneBit(capacity - 1) << 1)];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        ids = bigger;
        head = 0;
    }

    /** Forgets everything (new session). */
    public void clear() {
        lock.lock();
        try {
            head = 0;
            size = 0;
            floor = Long.MIN_VALUE;
        } finally {
            lock.unlock();
        }
    }
}
