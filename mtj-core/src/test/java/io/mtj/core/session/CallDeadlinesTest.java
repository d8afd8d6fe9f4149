package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.mtproto.Ping;
import io.mtj.tl.TlWriter;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallDeadlinesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Task> scheduled = new ArrayList<>();
    /** Completions run here, so the test sees which thread failed a call: never the timer's. */
    private final List<Runnable> completions = new ArrayList<>();

    private final Executor executor = completions::add;
    private final CallDeadlines deadlines = new CallDeadlines(
            TIMEOUT,
            (delay, task) -> {
                Task t = new Task(now.get() + delay.toNanos(), task);
                scheduled.add(t);
                return () -> t.cancelled = true;
            },
            now::get,
            call -> new SocketTimeoutException(call.method().getClass().getSimpleName() + " timed out"));

    private static final class Task {
        final long at;
        final Runnable run;
        boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }
    }

    private PendingCall<?> call(long pingId) {
        Ping ping = new Ping(pingId);
        return new PendingCall<>(ping, TlWriter.serialize(ping), executor);
    }

    /** Moves the clock by {@code by} and runs the tasks due, as the timer would. */
    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
        for (Task t : List.copyOf(scheduled)) {
            if (!t.cancelled && t.at <= now.get()) {
                scheduled.remove(t);
                t.run.run();
            }
        }
    }

    private void runCompletions() {
        List<Runnable> all = List.copyOf(completions);
        completions.clear();
        all.forEach(Runnable::run);
    }

    @Test
    void callsFailInOrderThroughTheirOwnExecutorOnceTheirDeadlinePasses() throws Exception {
        PendingCall<?> a = call(1);
        deadlines.watch(a);
        advance(Duration.ofSeconds(10));
        PendingCall<?> b = call(2);
        deadlines.watch(b);
        assertThat(scheduled).hasSize(1); // one timer task for the earliest deadline, not one per call
        assertThat(scheduled.get(0).at - now.get())
                .isEqualTo(Duration.ofSeconds(50).toNanos());

        advance(Duration.ofSeconds(50));
        assertThat(a.future()).isNotDone(); // the timer only found it: the failure goes through the executor
        assertThat(completions).hasSize(1);
        runCompletions();
        assertThat(a.future()).isCompletedExceptionally();
        assertThat(b.future()).isNotDone();
        assertThat(scheduled).hasSize(1); // re-armed for b
        assertThat(scheduled.get(0).at - now.get())
                .isEqualTo(Duration.ofSeconds(10).toNanos());

        advance(Duration.ofNanos(Duration.ofSeconds(10).toNanos() - 1));
        assertThat(completions).isEmpty();
        advance(Duration.ofNanos(1));
        runCompletions();
        assertThat(failure(b.future()))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Ping timed out");
        assertThat(scheduled).isEmpty();
        assertThat(deadlines.queued()).isZero();
    }

    @Test
    void aCallAnsweredInTimeLetsGoOfItsEntryAndIsNeverFailed() throws Exception {
        PendingCall<?> a = call(1);
        deadlines.watch(a);
        a.future().complete(null);
        advance(TIMEOUT);
        runCompletions();
        assertThat(a.future().get()).isNull();
        assertThat(deadlines.queued()).isZero();
        assertThat(scheduled).isEmpty(); // nothing left to time: not re-armed
    }

    @Test
    void oneUnansweredCallDoesNotMakeAnsweredEntriesPileUpBehindIt() {
        PendingCall<?> stuck = call(0);
        deadlines.watch(stuck);
        int most = 0;
        for (int i = 1; i <= 100_000; i++) {
            PendingCall<?> c = call(i);
            deadlines.watch(c);
            c.future().complete(null);
            most = Math.max(most, deadlines.queued());
        }
        assertThat(most).isLessThanOrEqualTo(2 * CallDeadlines.COMPACT_FLOOR);
        assertThat(stuck.future()).isNotDone();
        advance(TIMEOUT);
        runCompletions();
        assertThat(stuck.future()).isCompletedExceptionally();
    }

    @Test
    void aCallDoneBeforeItIsWatchedLeavesNothingToTime() {
        PendingCall<?> a = call(1);
        a.future().cancel(false);
        deadlines.watch(a);
        PendingCall<?> b = call(2);
        deadlines.watch(b); // the cancelled call's entry goes as b's arrives
        assertThat(deadlines.queued()).isEqualTo(1);
    }

    @Test
    void closeCancelsTheTimerTaskAndStopsTiming() {
        PendingCall<?> a = call(1);
        deadlines.watch(a);
        deadlines.close();
        assertThat(scheduled).singleElement().satisfies(t -> assertThat(t.cancelled)
                .isTrue());
        deadlines.watch(call(2));
        assertThat(scheduled).hasSize(1);
        advance(TIMEOUT);
        assertThat(completions).isEmpty();
    }

    private static @org.jspecify.annotations.Nullable Throwable failure(java.util.concurrent.CompletableFuture<?> f)
            throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
