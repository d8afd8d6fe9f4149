package io.mtj.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.transport.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The session's completion runner: completions run on a runner thread, never the caller's; a completion stage that
 * blocks, even on a completion queued after it, does not hold the others up for good.
 */
class CompletionRunnerTest {
    /** A scheduler whose tasks run only when the test says so. */
    static final class ManualTimer implements Scheduler {
        final List<Runnable> due = new ArrayList<>();

        @Override
        public synchronized Cancellable schedule(Duration delay, Runnable task) {
            due.add(task);
            return () -> {};
        }

        synchronized int pending() {
            return due.size();
        }

        /** Runs the tasks scheduled so far (each may schedule another, which waits for the next call). */
        void runDue() {
            List<Runnable> now;
            synchronized (this) {
                now = new ArrayList<>(due);
                due.clear();
            }
            now.forEach(Runnable::run);
        }
    }

    @Test
    void runsEveryTaskOnARunnerThreadAndEndsTheRunnerWhenIdle() throws Exception {
        CompletionRunner runner = new CompletionRunner(new ManualTimer());
        List<String> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            int n = i;
            runner.execute(() -> {
                synchronized (ran) {
                    ran.add(n + " " + Thread.currentThread().getName());
                }
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasSize(50).allMatch(s -> s.endsWith(" mtj-completion"));
        awaitNoRunners(runner);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheNextOnes() throws Exception {
        CompletionRunner runner = new CompletionRunner(new ManualTimer());
        CountDownLatch after = new CountDownLatch(1);
        runner.execute(() -> {
            throw new IllegalStateException("a stage's own failure");
        });
        runner.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * The usual case of a stage that blocks on a later call: it is parked when that call's completion is queued, so a
     * second runner starts at once (the timer is never consulted: the manual one here never runs).
     */
    @Test
    void aParkedTaskGetsASecondRunnerAtOnceForTheCompletionItWaitsFor() throws Exception {
        ManualTimer timer = new ManualTimer();
        CompletionRunner runner = new CompletionRunner(timer);
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        Thread[] first = new Thread[1];
        runner.execute(() -> {
            first[0] = Thread.currentThread();
            try {
                if (second.await(30, TimeUnit.SECONDS)) {
                    firstDone.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitParked(() -> first[0]);
        runner.execute(second::countDown);
        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(timer.pending()).isZero();
    }

    /**
     * The race the timer covers: the completion is queued while the stage still runs, and only then does the stage
     * park waiting for it. Nothing else would ever run it; the check finds no runner moved on and starts another.
     */
    @Test
    void aTaskThatParksAfterItsCompletionWasQueuedIsRescuedByTheCheck() throws Exception {
        ManualTimer timer = new ManualTimer();
        CompletionRunner runner = new CompletionRunner(timer);
        AtomicBoolean queued = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        Thread[] first = new Thread[1];
        runner.execute(() -> {
            first[0] = Thread.currentThread();
            started.countDown();
            while (!queued.get()) {
                Thread.onSpinWait(); // running, not parked, while the next completion is queued
            }
            try {
                if (second.await(30, TimeUnit.SECONDS)) {
                    firstDone.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        runner.execute(second::countDown);
        queued.set(true);
        awaitParked(() -> first[0]);
        assertThat(second.getCount())
                .as("nothing but the check can run the second task")
                .isEqualTo(1);
        assertThat(timer.pending()).isEqualTo(1);
        timer.runDue();
        assertThat(firstDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.getCount()).isZero();
    }

    /** A check that finds the runner moving on (it started another task since) starts nobody and looks again. */
    @Test
    void aCheckThatSeesProgressStartsNoRunner() throws Exception {
        ManualTimer timer = new ManualTimer();
        CompletionRunner runner = new CompletionRunner(timer);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inSecond = new CountDownLatch(1);
        CountDownLatch allDone = new CountDownLatch(3);
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch inFirst = new CountDownLatch(1);
        runner.execute(() -> {
            inFirst.countDown();
            while (spin.get()) {
                Thread.onSpinWait();
            }
            allDone.countDown();
        });
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
        runner.execute(
                () -> { // queued behind a running task: a check is scheduled
                    inSecond.countDown();
                    while (release.getCount() > 0) {
                        Thread.onSpinWait();
                    }
                    allDone.countDown();
                });
        runner.execute(allDone::countDown);
        assertThat(timer.pending()).isEqualTo(1);
        spin.set(false);
        assertThat(inSecond.await(10, TimeUnit.SECONDS)).isTrue();
        timer.runDue(); // the runner moved on to the second task: no new runner, a new check
        assertThat(runner.runners()).isEqualTo(1);
        assertThat(timer.pending()).isEqualTo(1);
        release.countDown();
        assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
        awaitNoRunners(runner);
        timer.runDue(); // nothing waits any more: the check ends there
        assertThat(timer.pending()).isZero();
        assertThat(runner.runners()).isZero();
    }

    private static void awaitParked(java.util.function.Supplier<Thread> thread) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            Thread t = thread.get();
            Thread.State state = t == null ? Thread.State.NEW : t.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the task never parked");
    }

    private static void awaitNoRunners(CompletionRunner runner) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runner.runners() > 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertThat(runner.runners()).isZero();
    }
}
