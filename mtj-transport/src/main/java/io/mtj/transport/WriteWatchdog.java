package io.mtj.transport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Closes {@link SocketWire}s whose current write passed its deadline. It is a periodic check on the library's one
 * timer ({@link Scheduler#shared()}), scheduled only while some wire with a write timeout is open: no thread of its
 * own, and nothing per write besides the wire's two volatile stores (a schedule and a cancel per write would cost
 * more than the write on the hot path).
 */
final class WriteWatchdog {
    static final WriteWatchdog INSTANCE = new WriteWatchdog(Scheduler.shared(), Duration.ofMillis(100));

    private final Scheduler scheduler;
    private final Duration tick;
    private final Set<SocketWire> wires = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean running;

    WriteWatchdog(Scheduler scheduler, Duration tick) {
        this.scheduler = scheduler;
        this.tick = tick;
    }

    void register(SocketWire wire) {
        lock.lock();
        try {
            wires.add(wire);
            if (!running) {
                running = true;
                scheduler.schedule(tick, this::check);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the check is scheduled (it stops once no wire is registered). */
    boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    void unregister(SocketWire wire) {
        wires.remove(wire);
    }

    /** One tick on the timer thread: closes the stalled wires, then schedules the next tick if any wire is left. */
    private void check() {
        long now = System.nanoTime();
        for (SocketWire wire : wires) {
            long deadline = wire.writeDeadline;
            if (deadline != 0 && now - deadline > 0) {
                wire.writeStalled(); // closes the socket: quick, and the blocked writer fails
            }
        }
        lock.lock();
        try {
            if (wires.isEmpty()) {
                running = false;
            } else {
                scheduler.schedule(tick, this::check);
            }
        } finally {
            lock.unlock();
        }
    }
}
