package io.mtj.core.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Messages and acknowledgements waiting for the writer. The writer takes everything queued at once, so calls queued
 * together leave together in one container, with the pending acks piggy-backed. Bounded: at most {@code capacity}
 * messages wait; further offers block the caller until the writer catches up (back-pressure, never unbounded).
 *
 * <p>The queue belongs to the session and outlives connections: each connection's writer takes from it while the
 * connection lasts, and what a writer took but could not write goes back to the front ({@link #pushFront}).
 */
final class OutboundQueue {
    /** msgs_ack ids kept before an ack-only flush is forced. */
    static final int ACK_FLUSH_THRESHOLD = 16;
    /** At most this many ids go in one msgs_ack. */
    static final int MAX_ACKS = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final ArrayDeque<Outbound> messages = new ArrayDeque<>();
    private final List<Long> acks = new ArrayList<>();
    private final int capacity;
    private boolean closed;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code items} together; false if the queue is closed (nothing was queued). */
    boolean offer(List<Outbound> items) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && messages.size() + items.size() > capacity && !messages.isEmpty()) {
                space.await();
            }
            if (closed) {
                return false;
            }
            messages.addAll(items);
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues one message without waiting for space (for the writer's own service messages). */
    boolean offerNow(Outbound item) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            messages.add(item);
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back {@code items} (taken, not written) ahead of everything else, in their order; false if the queue is
     * closed, and then nothing was put back: the caller still holds them and must end their calls.
     */
    boolean pushFront(List<Outbound> items) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            for (int i = items.size() - 1; i >= 0; i--) {
                messages.addFirst(items.get(i));
            }
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes out the calls tied to connection {@code number} (it ended before writing them). */
    List<Outbound> removeBoundTo(int number) {
        lock.lock();
        try {
            List<Outbound> removed = new ArrayList<>();
            messages.removeIf(m -> {
                boolean bound = m.call() != null && m.call().boundTo() == number;
                if (bound) {
                    removed.add(m);
                }
                return bound;
            });
            space.signalAll();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting writer (one whose connection ended checks its stop condition). */
    void wake() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting. */
    int size() {
        lock.lock();
        try {
            return messages.size();
        } finally {
            lock.unlock();
        }
    }

    /** Adds an incoming msg_id to acknowledge; wakes the writer once enough have gathered. */
    void ack(long msgId) {
        lock.lock();
        try {
            if (acks.size() < MAX_ACKS) {
                acks.add(msgId);
            }
            if (acks.size() >= ACK_FLUSH_THRESHOLD) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the writer so pending acks are sent even without other traffic. */
    void flushAcks() {
        lock.lock();
        try {
            if (!acks.isEmpty()) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** What the writer takes in one go. */
    record Batch(List<Outbound> messages, List<Long> acks) {}

    /**
     * Waits up to {@code wait} for messages (or enough acks, or an ack flush), then takes up to {@code maxMessages}
     * messages whose bodies fit in {@code maxBytes} (at least one) and every pending ack. Returns null when closed or
     * when {@code stop} says so (checked after every wake-up; see {@link #wake()}).
     */
    @Nullable
    Batch take(int maxMessages, int maxBytes, Duration wait, BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (!closed && !stop.getAsBoolean() && messages.isEmpty() && acks.size() < ACK_FLUSH_THRESHOLD) {
                if (nanos <= 0) {
                    break;
                }
                long before = System.nanoTime();
                boolean signalled = ready.await(nanos, TimeUnit.NANOSECONDS);
                nanos -= System.nanoTime() - before;
                if (signalled && !acks.isEmpty()) {
                    break;
                }
            }
            if (closed || stop.getAsBoolean()) {
                return null;
            }
            List<Outbound> out = new ArrayList<>();
            int bytes = 0;
            while (!messages.isEmpty() && out.size() < maxMessages) {
                Outbound next = messages.getFirst();
                if (!out.isEmpty() && bytes + next.body().length > maxBytes) {
                    break;
                }
                bytes += next.body().length;
                out.add(messages.removeFirst());
            }
            List<Long> ackIds = List.copyOf(acks);
            acks.clear();
            space.signalAll();
            return new Batch(out, ackIds);
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue and returns what was waiting; later offers are dropped. */
    List<Outbound> close() {
        lock.lock();
        try {
            closed = true;
            List<Outbound> left = new ArrayList<>(messages);
            messages.clear();
            acks.clear();
            ready.signalAll();
            space.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
