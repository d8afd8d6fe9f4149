package io.mtj.transport;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. The transport module takes one of these instead of making timer
 * threads of its own, so a client wires every timer (call deadlines, dial staggering, HTTP long
 * polls) to one mechanism.
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
     * Gives the default scheduler: one daemon thread shared by every user of this default, created on first
     * use and never shut down.
     *
     * @return the shared scheduler
     */
    static Scheduler shared() {
        return SharedScheduler.INSTANCE;
    }
}
