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
    /** Schedules {@code task}; the returned handle cancels it (a no-op once it ran). */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task's handle. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** A scheduler over {@code executor} (which the caller owns and shuts down). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    /** One daemon thread shared by every user of this default, created on first use. */
    static Scheduler shared() {
        return SharedScheduler.INSTANCE;
    }
}
