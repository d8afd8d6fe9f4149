package io.mtj.core;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of the client library: call deadlines, the handshake deadline of a connect, and the waits between
 * reconnect attempts all go through it. One daemon thread serves every client; a cancelled deadline is removed at
 * once, so a call answered in time leaves nothing behind. Tasks must be quick and must not block: one that has
 * blocking work to do (a reconnect attempt) starts a virtual thread for it.
 */
final class Deadlines {
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private Deadlines() {}

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("mtj-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** A scheduled task; cancelling it after it ran does nothing. */
    interface Timer {
        /** Cancels the task; true if it had not run. */
        boolean cancel();
    }

    /** Runs {@code task} after {@code delay} on the timer thread. */
    static Timer after(Duration delay, Runnable task) {
        ScheduledFuture<?> f = TIMER.schedule(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        System.getLogger(Deadlines.class.getName())
                                .log(System.Logger.Level.WARNING, "a deadline task failed: {0}", e.toString());
                    }
                },
                Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
