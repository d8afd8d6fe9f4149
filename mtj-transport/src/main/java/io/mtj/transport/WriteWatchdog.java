package io.mtj.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One virtual thread, alive only while some {@link SocketWire} with a write timeout is open, that
 * closes wires whose current write passed its deadline. Costs nothing per write besides two
 * volatile stores.
 */
final class WriteWatchdog {
    static final WriteWatchdog INSTANCE = new WriteWatchdog(100);
    static final String THREAD_NAME = "mtj-write-watchdog";

    private final long tickMillis;
    private final Set<SocketWire> wires = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean running;

    WriteWatchdog(long tickMillis) {
        this.tickMillis = tickMillis;
    }

    void register(SocketWire wire) {
        lock.lock();
        try {
            wires.add(wire);
            if (!running) {
                running = true;
                Thread.ofVirtual().name(THREAD_NAME).start(this::run);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the watchdog thread is alive (it ends once no wire is registered). */
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

    private void run() {
        while (true) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = System.nanoTime();
            for (SocketWire wire : wires) {
                long deadline = wire.writeDeadline;
                if (deadline != 0 && now - deadline > 0) {
                    wire.writeStalled();
                }
            }
            lock.lock();
            try {
                if (wires.isEmpty() || Thread.currentThread().isInterrupted()) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
