package io.mtj.core;

import io.mtj.transport.Scheduler;
import java.time.Duration;

/**
 * The client's timers (the handshake deadline of a connect, the waits between reconnect attempts, the temporary-key
 * renewal check) as tasks on the library's one timer, the transport's {@link Scheduler#shared()}: one daemon thread
 * serves every client and the transport's own deadlines (write timeouts, proxy handshakes, dial staggering); a
 * cancelled deadline is removed at once. Call deadlines use the same timer through {@link
 * io.mtj.core.session.CallDeadlines}: one task per client for the earliest, not one per call. Tasks must be quick
 * and must not block: one that has blocking work to do (a reconnect attempt) starts a virtual thread for it. A task
 * that throws is logged.
 */
final class Deadlines {
    private Deadlines() {}

    /** A scheduled task; cancelling it after it ran does nothing. */
    interface Timer {
        /** Cancels the task if it has not run; idempotent. */
        void cancel();
    }

    /** Runs {@code task} after {@code delay} (a negative delay counts as zero) on the timer thread. */
    static Timer after(Duration delay, Runnable task) {
        return Scheduler.shared().schedule(delay, task)::cancel;
    }
}
