package io.mtj.transport;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Holder of {@link Scheduler#shared()}: one daemon thread, cancelled tasks removed at once. */
final class SharedScheduler {
    static final Scheduler INSTANCE;

    static {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("mtj-transport-timer").factory());
        executor.setRemoveOnCancelPolicy(true);
        INSTANCE = Scheduler.of(executor);
    }

    private SharedScheduler() {}
}
