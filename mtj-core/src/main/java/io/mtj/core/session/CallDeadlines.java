package io.mtj.core.session;

import io.mtj.transport.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The deadlines of one client's calls. Every call of a client gets the same timeout, so deadlines fall due in the
 * order the calls were made: they wait in a first-in, first-out queue, and one task on the timer is armed for the
 * earliest. A call costs an append to that queue instead of a timer task scheduled in the timer's shared heap and
 * cancelled from it when the answer comes (a tenth of the client's CPU at 100,000 pipelined calls a second).
 *
 * <p>A call answered in time lets go of its entry at once ({@link PendingCall} does it when its future is done), so
 * no answer is kept alive by its deadline; the empty entry leaves the queue when it reaches the front or when the
 * queue is compacted, which happens each time it has doubled since the last compaction: one call that is never
 * answered cannot make entries pile up behind it (at most twice the calls waiting, or {@value #COMPACT_FLOOR}).
 *
 * <p>A call whose deadline passes fails through its own completion executor with the error {@code expired} makes,
 * never on the timer's thread: the timer only finds the calls. Thread-safe.
 */
public final class CallDeadlines {
    /** Below this many entries the queue is never compacted. */
    static final int COMPACT_FLOOR = 1024;

    private final long timeoutNanos;
    private final Scheduler timer;
    private final LongSupplier nanoTime;
    private final Function<PendingCall<?>, Throwable> expired;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    /** The queue's size at which it is compacted next. */
    private int compactAt = COMPACT_FLOOR;

    private Scheduler.@Nullable Cancellable armed;
    private boolean closed;

    /** One call's place in the queue; {@code call} is null once the call is done. */
    static final class Entry {
        final long dueNanos;
        volatile @Nullable PendingCall<?> call;

        Entry(long dueNanos, PendingCall<?> call) {
            this.dueNanos = dueNanos;
            this.call = call;
        }
    }

    /**
     * Deadlines {@code timeout} after each call is made, on {@code timer}.
     *
     * @param expired the error a call fails with when its deadline passes (called on the timer thread: quick)
     */
    public CallDeadlines(Duration timeout, Scheduler timer, Function<PendingCall<?>, Throwable> expired) {
        this(timeout, timer, System::nanoTime, expired);
    }

    CallDeadlines(
            Duration timeout, Scheduler timer, LongSupplier nanoTime, Function<PendingCall<?>, Throwable> expired) {
        this.timeoutNanos = timeout.toNanos();
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.expired = expired;
    }

    /** Starts {@code call}'s deadline now (a call already done lets go of its entry at once). */
    void watch(PendingCall<?> call) {
        Entry entry = new Entry(nanoTime.getAsLong() + timeoutNanos, call);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            call.deadline(entry); // a call done meanwhile lets go of the entry itself
            Entry head;
            while ((head = queue.peekFirst()) != null && head.call == null) {
                queue.pollFirst();
            }
            queue.addLast(entry);
            if (queue.size() >= compactAt) {
                queue.removeIf(e -> e.call == null);
                compactAt = Math.max(COMPACT_FLOOR, 2 * queue.size());
            }
            if (armed == null) {
                arm(entry.dueNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@code entry}'s call is done: the entry lets go of it. Called by the call; a volatile write, no lock. */
    static void release(Entry entry) {
        entry.call = null;
    }

    /** Entries in the queue, for tests (some may be let go and not yet removed). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the timer task; calls still waiting are no longer timed (their owner fails them as it closes). */
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (armed != null) {
                armed.cancel();
                armed = null;
            }
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    private void arm(long dueNanos) {
        armed = timer.schedule(Duration.ofNanos(dueNanos - nanoTime.getAsLong()), this::expire);
    }

    /** The timer's task: fails every call whose deadline has passed, then arms for the next one still waiting. */
    private void expire() {
        List<PendingCall<?>> due = new ArrayList<>();
        lock.lock();
        try {
            armed = null;
            if (closed) {
                return;
            }
            long now = nanoTime.getAsLong();
            Entry head;
            while ((head = queue.peekFirst()) != null && (head.call == null || head.dueNanos - now <= 0)) {
                queue.pollFirst();
                PendingCall<?> call = head.call;
                if (call != null) {
                    head.call = null;
                    due.add(call); // answered meanwhile: failing a done call does nothing
                }
            }
            if (head != null) {
                arm(head.dueNanos);
            }
        } finally {
            lock.unlock();
        }
        for (PendingCall<?> call : due) {
            call.fail(expired.apply(call));
        }
    }
}
