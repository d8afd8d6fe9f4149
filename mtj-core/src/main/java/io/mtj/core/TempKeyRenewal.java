package io.mtj.core;

import io.mtj.core.auth.TempAuthKey;
import io.mtj.core.session.Session;
import io.mtj.core.wire.MsgIdGenerator;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a client's temporary key three quarters into its life ({@link TempAuthKey#renewAt()}), while the old one
 * still works: a renewing {@link ConnectPlan} makes and binds a new key on a new connection with a new session; then,
 * under the client's connect lock, the new session becomes the client's and the old one only finishes what it holds
 * (calls already sent there are answered there; calls queued there are written there, its key still being valid) and
 * is closed once every call in it has reached its deadline. No call moves between the two while it may have been
 * sent, so none is lost or run twice.
 *
 * <p>Time is the client's clock corrected by the server's ({@link MsgIdGenerator#now()}), so a test that moves the
 * clock moves the renewal. It is looked at on the one timer ({@link Deadlines}, at most a minute apart, so a clock
 * that jumps is noticed) and on every call; a renewal runs on a virtual thread of its own. A failed renewal is tried
 * again 10 s later at the earliest; the old key serves meanwhile.
 */
final class TempKeyRenewal {
    private static final System.Logger LOG = System.getLogger(TempKeyRenewal.class.getName());
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientConfig config;
    private final ClientState state;
    private final ReentrantLock connectLock;
    private final Supplier<ConnectPlan> renewingPlans;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ReentrantLock timerLock = new ReentrantLock();
    private Deadlines.@Nullable Timer timer;
    private volatile long notBeforeNanos = System.nanoTime();
    /** Replaced sessions still finishing their calls; closed by their timer or by {@link #close()}. */
    private final Set<Session> draining = ConcurrentHashMap.newKeySet();

    TempKeyRenewal(
            ClientConfig config, ClientState state, ReentrantLock connectLock, Supplier<ConnectPlan> renewingPlans) {
        this.config = config;
        this.state = state;
        this.connectLock = connectLock;
        this.renewingPlans = renewingPlans;
    }

    /** A connect succeeded: watch its key. Returns {@code answer}. */
    <T> T connected(T answer) {
        schedule();
        return answer;
    }

    /** Starts a renewal if the key is due and none runs. Cheap: a call makes it on every invoke. */
    void check() {
        TempAuthKey key = state.tempKey;
        MsgIdGenerator ids = state.msgIds;
        if (key == null || ids == null || state.closed || !state.established) {
            return;
        }
        if (ids.now().isBefore(key.renewAt()) || System.nanoTime() - notBeforeNanos < 0) {
            return;
        }
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("mtj-temp-key-renewal").start(this::renew);
        }
    }

    /** No renewal starts from now on (one running finishes); replaced sessions still open are closed. */
    void close() {
        for (Session s : List.copyOf(draining)) {
            s.close();
        }
        timerLock.lock();
        try {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        } finally {
            timerLock.unlock();
        }
    }

    private void schedule() {
        TempAuthKey key = state.tempKey;
        MsgIdGenerator ids = state.msgIds;
        if (key == null || ids == null || state.closed) {
            return;
        }
        Duration wait = Duration.between(ids.now(), key.renewAt());
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        } else if (wait.compareTo(LONGEST_WAIT) > 0) {
            wait = LONGEST_WAIT;
        }
        timerLock.lock();
        try {
            if (timer != null) {
                timer.cancel();
            }
            if (!state.closed) {
                timer = Deadlines.after(wait, () -> {
                    check();
                    if (!running.get()) {
                        schedule();
                    }
                });
            }
        } finally {
            timerLock.unlock();
        }
    }

    private void renew() {
        try {
            connectLock.lockInterruptibly();
            try {
                swap();
            } finally {
                connectLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            notBeforeNanos = System.nanoTime() + RETRY_NANOS;
            LOG.log(
                    Level.WARNING,
                    "renewing the temporary key failed (the current one serves meanwhile): {0}",
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
            schedule();
        }
    }

    private void swap() throws IOException, InterruptedException {
        TempAuthKey old = state.tempKey;
        Session oldSession = state.session;
        MsgIdGenerator ids = state.msgIds;
        if (state.closed || old == null || ids == null || oldSession == null || !state.established) {
            return;
        }
        Instant now = ids.now();
        if (now.isBefore(old.renewAt()) || !oldSession.connected()) {
            return; // renewed meanwhile, or reconnecting: the reconnect makes a new key if this one is past use
        }
        // the old session may lose its connection from here on: swap sees it and moves what it never wrote
        ConnectPlan plan = renewingPlans.get();
        plan.run();
        TempAuthKey made = plan.madeTemp();
        Session fresh = plan.madeSession();
        if (made == null || fresh == null) {
            throw new IllegalStateException("a renewing plan ended without a new key and session");
        }
        state.tempKey = made;
        state.session = fresh;
        if (state.closed) {
            // close() ran meanwhile and may have closed the old session only; the new one must not outlive it
            fresh.close();
            oldSession.close();
            return;
        }
        LOG.log(
                Level.INFO,
                "temporary key 0x{0} replaced by 0x{1}, which expires at {2}",
                Long.toHexString(old.key().id()),
                Long.toHexString(made.key().id()),
                made.expiresAt());
        if (!oldSession.connected() || !old.usableAt(ids.now())) {
            // lost meanwhile, or the key is too near its end to finish anything (the client was suspended): what it
            // never wrote goes to the new session, what it wrote cannot be asked about any more
            fresh.adopt(oldSession.retire("its temporary key was replaced while "
                    + (oldSession.connected() ? "at the end of its life" : "its connection was down")));
            return;
        }
        // every call the old session holds ends by its deadline; then nothing is left to wait for
        draining.add(oldSession);
        Deadlines.after(config.callTimeout().plusSeconds(1), () -> {
            draining.remove(oldSession);
            Thread.ofVirtual().name("mtj-close-replaced-session").start(oldSession::close); // close() joins threads
        });
    }
}
