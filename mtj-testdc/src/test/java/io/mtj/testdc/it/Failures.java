package io.mtj.testdc.it;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waiting for a call that must fail. */
final class Failures {
    private Failures() {}

    /** The failure of {@code future}, which must complete exceptionally within {@code seconds}. */
    static Throwable failureOf(CompletableFuture<?> future, long seconds) throws Exception {
        try {
            Object value = future.get(seconds, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return Objects.requireNonNull(e.getCause(), "ExecutionException without a cause");
        }
    }
}
