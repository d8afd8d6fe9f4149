package io.mtj.core.session;

import io.mtj.transport.Scheduler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Completes the callers' futures of one session away from its reader thread, without a thread per call: the reader
 * queues each completion here and one virtual thread (a runner) takes them in order, started when the first arrives
 * and ended when none is left, so a packet that answers forty calls costs one thread start, not forty.
 *
 * <p>The promise the default made before (a dependent stage may block, even on another call of the same session,
 * without stalling the reader or the other calls) holds because a runner that stops making progress is not waited
 * for: another runner takes the queue over.
 *
 * <ul>
 *   <li>The reader only ever queues (under a lock held for a few instructions), so it is never stalled by a stage.
 *   <li>When a completion is queued while every runner is inside a task and parked (a stage waiting for another call,
 *       a lock, a socket: {@link Thread.State} other than RUNNABLE), a new runner starts at once. That is the usual
 *       case of a stage that blocks on a later call: by the time that call's answer is queued, the stage is parked.
 *   <li>When every runner is inside a task that is still running, a check is scheduled on the shared timer
 *       ({@link Scheduler#shared()}, {@link #STALL} later): if by then no runner has started another task and
 *       completions are waiting, a new runner starts. This covers a stage that parks just after the check above,
 *       waiting for a completion already queued behind it, and a stage that computes for long.
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

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<Runner> runners = new ArrayList<>(1);
    private final Scheduler timer;
    /** Counts tasks started; a check that sees it unchanged knows no runner moved on. */
    private long started;

    /** Guarded by the lock: a check is pending on the timer. */
    private boolean checkScheduled;

    /** A runner on the shared timer. */
    CompletionRunner() {
        this(Scheduler.shared());
    }

    CompletionRunner(Scheduler timer) {
        this.timer = timer;
    }

    /** One runner thread and what it is doing. */
    private static final class Runner {
        private final Thread thread;
        /** Guarded by the lock: inside a task (not between two). */
        private boolean busy;

        Runner(Thread thread) {
            this.thread = thread;
        }
    }

    /** Queues {@code task}; it runs on a runner thread, never on the caller's. */
    @Override
    public void execute(Runnable task) {
        Thread start = null;
        long check = -1;
        lock.lock();
        try {
            tasks.add(task);
            if (runners.isEmpty() || allParked()) {
                start = addRunner();
            } else {
                check = checkIfStuckLater();
            }
        } finally {
            lock.unlock();
        }
        after(start, check);
    }

    /** Runners now, for tests. */
    int runners() {
        lock.lock();
        try {
            return runners.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: while completions wait and every runner is inside a task, a check must be pending; returns the
     * task count to schedule one with, or -1 when none is needed (or one is pending).
     */
    private long checkIfStuckLater() {
        if (checkScheduled || tasks.isEmpty() || !allBusy()) {
            return -1;
        }
        checkScheduled = true;
        return started;
    }

    /** Outside the lock: starts a runner thread and schedules a check, either if asked. */
    private void after(@Nullable Thread start, long check) {
        if (start != null) {
            start.start();
        }
        if (check >= 0) {
            timer.schedule(STALL, () -> check(check));
        }
    }

    /** The timer's look: whether the runners moved on since {@code startedBefore}; adds one if none did. */
    private void check(long startedBefore) {
        Thread start = null;
        long again;
        lock.lock();
        try {
            checkScheduled = false;
            if (started == startedBefore && !tasks.isEmpty() && allBusy()) {
                LOG.log(
                        Level.DEBUG,
                        "a completion stage has not returned for {0} ms; another runner takes the queue",
                        STALL.toMillis());
                start = addRunner();
            }
            again = checkIfStuckLater();
        } finally {
            lock.unlock();
        }
        after(start, again);
    }

    /** Under the lock. */
    private boolean allBusy() {
        for (Runner r : runners) {
            if (!r.busy) {
                return false;
            }
        }
        return true;
    }

    /** Under the lock: every runner is inside a task and parked there. */
    private boolean allParked() {
        for (Runner r : runners) {
            if (!r.busy || r.thread.getState() == Thread.State.RUNNABLE) {
                return false;
            }
        }
        return true;
    }

    /** Under the lock: registers a new runner; the caller starts its thread once the lock is released. */
    private Thread addRunner() {
        Runner[] self = new Runner[1];
        Thread t = THREADS.newThread(() -> run(self[0]));
        self[0] = new Runner(t);
        runners.add(self[0]);
        return t;
    }

    private void run(Runner me) {
        while (true) {
            Runnable task;
            long check;
            lock.lock();
            try {
                me.busy = false;
                task = tasks.poll();
                if (task == null) {
                    runners.remove(me);
                    return;
                }
                me.busy = true;
                started++;
                check = checkIfStuckLater(); // completions wait behind this task: someone must look later
            } finally {
                lock.unlock();
            }
            after(null, check);
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a completion task failed: {0}", e.toString());
            } catch (Error e) {
                Thread start = null;
                lock.lock();
                try {
                    runners.remove(me);
                    if (!tasks.isEmpty()) {
                        start = addRunner(); // the others still get completed
                    }
                } finally {
                    lock.unlock();
                }
                after(start, -1);
                throw e;
            }
        }
    }
}
