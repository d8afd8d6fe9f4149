package io.mtj.transport;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. The library has one timer mechanism, this one: the transport module
 * takes a scheduler instead of making timer threads of its own, and {@link #shared()} is the one
 * every part uses by default, so a client's timers (call deadlines, write timeouts, proxy handshake
 * deadlines, dial staggering) share one thread.
 *
 * <p>Contract: {@link #schedule} returns at once; the task runs once, on a thread of the
 * scheduler's choosing, no earlier than the delay, unless cancelled first. Tasks must be quick and
 * must not block (hand blocking work to a thread of its own). Implementations are thread-safe.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Schedules {@code task} to run once after {@code delay}; returns at once.
     *
     * @param delay the least time to wait before the task runs; zero runs it as soon as possible
     * @param task quick, non-blocking work
     * @return a handle whose {@link Cancellable#cancel()} stops the task if it has not run (a no-op once it ran)
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task's handle. */
    @FunctionalInterface
    interface Cancellable {
        /**
         * Stops the task if it has not started; idempotent, never throws, callable from any thread.
         */
        void cancel();
    }

    /**
     * Adapts an executor; cancelling does not interrupt a task already running.
     *
     * @param executor the executor the tasks run on; the caller owns it and shuts it down
     * @return a scheduler over {@code executor}
     */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    /**
     * Gives the library's one timer: a daemon thread ({@code mtj-timer}) shared by every user of this
     * default, created on first use and never shut down. The client's call, handshake and reconnect
     * deadlines, the write-timeout check of {@link SocketWire}, proxy handshake deadlines and dial
     * staggering all run on it, and so do the test DC's disconnect deadlines. A negative delay counts as
     * zero; a task that throws is logged and does not disturb the others.
     *
     * @return the shared scheduler
     */
    static Scheduler shared() {
        return SharedScheduler.INSTANCE;
    }
}
