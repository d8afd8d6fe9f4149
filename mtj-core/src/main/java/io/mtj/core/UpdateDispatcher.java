package io.mtj.core;

import io.mtj.api.telegram.UpdatesType;
import io.mtj.tl.TlDecodeException;
import io.mtj.tl.TlReader;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Hands the updates a session receives to every subscribed listener, in arrival order, on one virtual thread of its
 * own (the session's reader only queues them, so a slow listener never holds up calls). Typed listeners get the
 * decoded {@link UpdatesType}; raw listeners get the boxed TL bytes, each its own copy. A listener that throws is
 * logged and the others still get the update. At most {@link #MAX_QUEUED} updates wait; past that an update is
 * dropped with a warning (Telegram's {@code updates.getDifference} recovers what was missed).
 */
final class UpdateDispatcher {
    private static final System.Logger LOG = System.getLogger(UpdateDispatcher.class.getName());

    /** Updates waiting for delivery before new ones are dropped. */
    static final int MAX_QUEUED = 10_000;

    private final CopyOnWriteArrayList<Consumer<UpdatesType>> typed = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<byte[]>> raw = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean draining;
    private long dropped;

    @SuppressWarnings("UnnecessaryMethodReference") // the reference is a new object: that registration's identity
    Subscription subscribe(Consumer<? super UpdatesType> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<UpdatesType> entry = listener::accept; // a new object per registration: close removes this one
        return add(typed, entry);
    }

    @SuppressWarnings("UnnecessaryMethodReference")
    Subscription subscribeRaw(Consumer<byte[]> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<byte[]> entry = listener::accept;
        return add(raw, entry);
    }

    private static <T> Subscription add(CopyOnWriteArrayList<T> list, T entry) {
        list.add(entry);
        return () -> list.remove(entry);
    }

    /** Queues {@code body} (an update as the session received it) for delivery; never blocks. */
    void dispatch(byte[] body) {
        if (typed.isEmpty() && raw.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (queue.size() >= MAX_QUEUED) {
                dropped++;
                if (dropped == 1 || dropped % 1000 == 0) {
                    LOG.log(
                            Level.WARNING,
                            "{0} update(s) dropped: listeners are more than {1} updates behind",
                            dropped,
                            MAX_QUEUED);
                }
                return;
            }
            queue.add(body);
            if (!draining) {
                draining = true;
                Thread.ofVirtual().name("mtj-updates").start(this::drain);
            }
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (true) {
            byte[] body;
            lock.lock();
            try {
                body = queue.poll();
                if (body == null) {
                    draining = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            deliver(body);
        }
    }

    /** Delivers one update to every listener on the calling thread. */
    void deliver(byte[] body) {
        for (Consumer<byte[]> listener : raw) {
            call(listener, body.clone());
        }
        if (typed.isEmpty()) {
            return;
        }
        UpdatesType updates;
        try {
            TlReader in = new TlReader(body);
            updates = UpdatesType.read(in);
            in.expectEnd();
        } catch (TlDecodeException e) {
            LOG.log(
                    Level.WARNING,
                    "an update could not be read as Updates and reached only raw listeners: {0}",
                    e.getMessage());
            return;
        }
        for (Consumer<UpdatesType> listener : typed) {
            call(listener, updates);
        }
    }

    private static <T> void call(Consumer<? super T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "an update listener threw; the other listeners still get the update", e);
        }
    }
}
