package io.mtj.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server command until the JVM is asked to stop (Ctrl-C, SIGTERM): a shutdown hook releases the
 * command's {@code stop} latch and then waits up to 5 s for the command to finish closing its listeners, so
 * its last lines are printed before the JVM exits.
 */
final class UntilStopped {
    /** A command body that serves until {@code stop} is released. */
    @FunctionalInterface
    interface Body {
        int run(CountDownLatch stop) throws Exception;
    }

    private UntilStopped() {}

    static int run(String threadName, Body body) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        stopped.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                threadName);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return body.run(stop);
        } finally {
            stopped.countDown();
        }
    }
}
