package io.mtj.core;

import io.mtj.core.session.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Heals a lost connection as {@link ReconnectPolicy} says: attempt {@code n} waits its jittered delay on {@link
 * Deadlines}, then runs {@link TelegramClient#connect()} on a virtual thread, which puts the same session on a new
 * connection (its calls recover there). One series of attempts at a time: a loss reported while one runs is part of
 * it. When every attempt failed, or a key exchange check failed, the session ends and its calls fail with {@link
 * ConnectionLostException} naming the attempts. It never holds the connect lock while it waits, so a connect never
 * waits for it, nor it for a connect that waits for it.
 */
final class Reconnector {
    private static final System.Logger LOG = System.getLogger(Reconnector.class.getName());

    /** What an attempt runs: the client's connect. */
    interface Attempt {
        void connect() throws IOException, InterruptedException;
    }

    private final ClientConfig config;
    private final ClientState state;
    private final Attempt attempt;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean running;
    private Deadlines.@Nullable Timer timer;
    private @Nullable Thread thread;

    Reconnector(ClientConfig config, ClientState state, Attempt attempt) {
        this.config = config;
        this.state = state;
        this.attempt = attempt;
    }

    /** The connection was lost with {@code cause}: starts a series of attempts unless one is running. */
    void lost(Throwable cause) {
        lock.lock();
        try {
            if (running || state.closed) {
                return;
            }
            running = true;
            schedule(1, cause);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a series of attempts is under way. */
    boolean running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    private void schedule(int n, Throwable last) {
        timer = Deadlines.after(config.reconnect().delay(n, config.random()), () -> {
            lock.lock();
            try {
                if (state.closed || !running) {
                    return;
                }
                thread = Thread.ofVirtual().name("mtj-reconnect").start(() -> run(n, last));
            } finally {
                lock.unlock();
            }
        });
    }

    private void run(int n, Throwable previous) {
        ReconnectPolicy policy = config.reconnect();
        Throwable last = previous;
        try {
            attempt.connect();
            lock.lock();
            try {
                // under the lock: a loss reported from here on starts a new series, one before is seen here
                Session s = state.session;
                if (s != null && s.connected()) {
                    running = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            finish(); // close() interrupts an attempt
            return;
        } catch (KeyExchangeException e) {
            // a server failing the protocol's security checks is not retried into
            giveUp(ConnectionLostException.reconnectingGaveUp(
                    "the connection was lost and reconnecting failed a key exchange check", e));
            return;
        } catch (IOException | RuntimeException e) {
            if (state.closed) {
                finish();
                return;
            }
            last = e;
            LOG.log(Level.DEBUG, "reconnect attempt {0} failed: {1}", n, e.toString());
        }
        lock.lock();
        try {
            if (state.closed) {
                running = false;
                return;
            }
            if (n < policy.maxAttempts()) {
                schedule(n + 1, last);
                return;
            }
        } finally {
            lock.unlock();
        }
        giveUp(ConnectionLostException.reconnectingGaveUp(
                "the connection was lost and " + policy.maxAttempts()
                        + " reconnect attempt(s) failed; call connect() to try again",
                last));
    }

    private void finish() {
        lock.lock();
        try {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void giveUp(ConnectionLostException error) {
        finish();
        Session s = state.session;
        if (s != null && !s.connected()) {
            s.end(error);
        }
    }

    /** Stops the series: the scheduled attempt is cancelled, a running one interrupted. */
    void close() {
        lock.lock();
        try {
            running = false;
            Deadlines.Timer t = timer;
            if (t != null) {
                t.cancel();
            }
            Thread r = thread;
            if (r != null) {
                r.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }
}
