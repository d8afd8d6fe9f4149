package io.mtj.transport;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Holder of {@link Scheduler#shared()}: the library's one timer thread ({@value #THREAD_NAME}, a daemon), cancelled
 * tasks removed at once. A task that throws is logged and does not stop the thread or the tasks after it.
 */
final class SharedScheduler {
    static final String THREAD_NAME = "mtj-timer";
    static final Scheduler INSTANCE;

    static {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name(THREAD_NAME).factory());
        executor.setRemoveOnCancelPolicy(true);
        Scheduler plain = Scheduler.of(executor);
        INSTANCE = (delay, task) -> plain.schedule(delay.isNegative() ? java.time.Duration.ZERO : delay, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.getLogger(Scheduler.class.getName())
                        .log(System.Logger.Level.WARNING, "a timer task failed: {0}", e.toString());
            }
        });
    }

    private SharedScheduler() {}
}
