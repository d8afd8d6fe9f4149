package io.mtj.core.session;

import io.mtj.transport.Scheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Completes the callers' futures of one session away from its reader thread, without a thread per call: the reader
 * queues each completion here and one virtual thread (a runner) takes them in order, started when the first arrives
 * and ended when none is left, so a packet that answers forty calls costs one thread start, not forty. The queue is
 * lock-free: the reader and a runner on the other core must not take turns at a lock for every completion.
 *
 * <p>The promise the default made before (a dependent stage may block, even on another call of the same session,
 * without stalling the reader or the other calls) holds because a runner that stops making progress is not waited
 * for: another runner takes the queue over.
 *
 * <ul>
 *   <li>The reader only ever queues, so it is never stalled by a stage.
 *   <li>When a completion is queued while the runner that started the latest task is inside it and parked (a stage
 *       waiting for another call, a lock, a socket: {@link Thread.State} other than RUNNABLE), a new runner starts at
 *       once. That is the usual case of a stage that blocks on a later call: by the time that call's answer is queued,
 *       the stage is parked.
 *   <li>Otherwise, while completions wait, a check is pending on the shared timer ({@link Scheduler#shared()},
 *       {@link #STALL} later): if by then no runner has started another task, a new runner starts. This covers a
 *       stage that parks just after the check above, waiting for a completion already queued behind it, and a stage
 *       that computes for long.
 * </ul>
 *
 * <p>So a completion waits at most about {@link #STALL} behind a stage that never returns, and a deadlock (a stage
 * waiting for a completion queued behind itself) cannot form. Extra runners end, like the first, when the queue is
 * empty; completions are in arrival order while one runner runs, and in no promised order otherwise.
 */
public final class CompletionRunner implements Executor {
    /**
     * The default of {@link io.mtj.core.SessionOptions#completions()}: a session given it makes a runner of its own.
     * Used directly (outside a session) it is one runner shared by its users.
     */
    public static final Executor PER_SESSION = new CompletionRunner();

    /** How long a queued completion may wait behind runners that all stopped making progress. */
    static final Duration STALL = Duration.ofMillis(20);

    private static final System.Logger LOG = System.getLogger(CompletionRunner.class.getName());
    private static final ThreadFactory THREADS =
            Thread.ofVirtual().name("mtj-completion").factory();

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Runners alive (taking tasks or about to end). */
    private final AtomicInteger active = new AtomicInteger();
    /** Counts tasks started; a check that sees it unchanged knows no runner moved on. */
    private final AtomicLong started = new AtomicLong();
    /** A check is pending on the timer. */
    private final AtomicBoolean checkPending = new AtomicBoolean();

    private final Scheduler timer;
    /** The runner that started the latest task. */
    private volatile @Nullable Runner latest;

    /** A runner on the shared timer. */
    CompletionRunner() {
        this(Scheduler.shared());
    }

    CompletionRunner(Scheduler timer) {
        this.timer = timer;
    }

    /** One runner thread and whether it is inside a task. */
    private static final class Runner {
        final Thread thread;
        volatile boolean busy;

        Runner(CompletionRunner owner) {
            Runner self = this;
            this.thread = THREADS.newThread(() -> owner.run(self));
        }
    }

    /** Queues {@code task}; it runs on a runner thread, never on the caller's. */
    @Override
    public void execute(Runnable task) {
        tasks.offer(task);
        if (active.get() == 0 && active.compareAndSet(0, 1)) {
            new Runner(this).thread.start();
            return;
        }
        Runner r = latest;
        if (r != null && r.busy && r.thread.getState() != Thread.State.RUNNABLE) {
            active.incrementAndGet();
            new Runner(this).thread.start(); // the latest task's stage is parked: do not wait for it
            return;
        }
        watch();
    }

    /** Runners now, for tests. */
    int runners() {
        return active.get();
    }

    /** While completions wait, one check is pending. */
    private void watch() {
        if (!checkPending.get() && checkPending.compareAndSet(false, true)) {
            long before = started.get();
            timer.schedule(STALL, () -> check(before));
        }
    }

    /** The timer's look: whether a runner started a task since {@code startedBefore}; adds one if none did. */
    private void check(long startedBefore) {
        checkPending.set(false); // before looking at the queue: a completion queued after the look schedules anew
        if (tasks.isEmpty()) {
            return;
        }
        if (started.get() == startedBefore) {
            LOG.log(
                    Level.DEBUG,
                    "a completion stage has not returned for {0} ms; another runner takes the queue",
                    STALL.toMillis());
            active.incrementAndGet();
            new Runner(this).thread.start();
        }
        watch();
    }

    private void run(Runner me) {
        try {
            while (true) {
                Runnable task = tasks.poll();
                if (task == null) {
                    active.decrementAndGet();
                    if (tasks.isEmpty()) {
                        return;
                    }
                    active.incrementAndGet(); // a completion came as this runner was leaving: stay
                    continue;
                }
                me.busy = true;
                latest = me;
                started.incrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a completion task failed: {0}", e.toString());
                } finally {
                    me.busy = false;
                }
            }
        } catch (Error e) {
            active.decrementAndGet();
            if (!tasks.isEmpty()) {
                active.incrementAndGet();
                new Runner(this).thread.start(); // the others still get completed
            }
            throw e;
        }
    }
}
