package io.mtj.transport.dial;

import io.mtj.transport.Scheduler;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A happy-eyeballs race over a DC's candidate addresses (RFC 8305 in spirit): the first attempt
 * starts at once; the next one starts when the running ones have had {@code stagger} without
 * success, or at once when one fails; the first attempt to finish its transport step wins and the
 * others are aborted. Every failure cools its address down; the winner's is forgotten. The whole
 * race is bounded by a timeout, after which every attempt still running is aborted.
 *
 * <p>Timers come from the injected {@link Scheduler}; each attempt runs on a virtual thread of its
 * own. Immutable and thread-safe: one instance serves any number of races.
 */
public final class DialRace {
    private final Scheduler scheduler;
    private final Duration stagger;
    private final Cooldown cooldown;
    private final Listener listener;

    /** An address that failed, why, and how long it took. */
    public record Failure(DcAddress address, IOException cause, Duration took) {}

    /** The winner: its address and handle, how long it took, and the attempts that failed first. */
    public record Won<T>(DcAddress address, T handle, Duration took, int started, List<Failure> failures) {}

    /** Sees each attempt; fast and never throwing, like every listener here. */
    public interface Listener {
        Listener NONE = new Listener() {};

        default void started(DcAddress address) {}

        default void failed(DcAddress address, IOException cause, Duration took) {}

        /** {@code address} finished its transport step first, {@code took} after the race began. */
        default void won(DcAddress address, Duration took, int started) {}
    }

    public DialRace(Scheduler scheduler, Duration stagger, Cooldown cooldown, Listener listener) {
        if (stagger.isNegative()) {
            throw new IllegalArgumentException("stagger must not be negative, got " + stagger);
        }
        this.scheduler = scheduler;
        this.stagger = stagger;
        this.cooldown = cooldown;
        this.listener = listener;
    }

    /** RFC 8305's recommended connection attempt delay. */
    public static final Duration DEFAULT_STAGGER = Duration.ofMillis(250);

    public Cooldown cooldown() {
        return cooldown;
    }

    /**
     * Races {@code candidates} in order and returns the first to connect; the caller owns its
     * handle. Fails with {@link DialFailedException} when all fail or {@code timeout} passes.
     */
    public <T> Won<T> run(List<DcAddress> candidates, DialAttempt<T> attempt, Duration timeout)
            throws IOException, InterruptedException {
        if (candidates.isEmpty()) {
            throw new DialFailedException("no address to dial", List.of());
        }
        Race<T> race = new Race<>(List.copyOf(candidates), attempt);
        race.deadline = scheduler.schedule(
                timeout,
                () -> race.stop(new SocketTimeoutException(
                        "no address of " + candidates.size() + " connected within " + timeout.toMillis() + " ms")));
        race.startNext();
        try {
            return race.result.get();
        } catch (InterruptedException e) {
            race.stop(new IOException("dialling interrupted"));
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("dial race failed", e.getCause());
        }
    }

    private final class Race<T> {
        final ReentrantLock lock = new ReentrantLock();
        final List<DcAddress> candidates;
        final DialAttempt<T> attempt;
        final CompletableFuture<Won<T>> result = new CompletableFuture<>();
        final long began = System.nanoTime();
        final Map<Integer, T> running = new HashMap<>();
        final Map<Integer, Long> startedAt = new HashMap<>();
        final List<Failure> failures = new ArrayList<>();
        int next;
        boolean done;
        Scheduler.Cancellable staggerTimer = () -> {};
        Scheduler.Cancellable deadline = () -> {};

        Race(List<DcAddress> candidates, DialAttempt<T> attempt) {
            this.candidates = candidates;
            this.attempt = attempt;
        }

        void startNext() {
            int index;
            lock.lock();
            try {
                if (done || next >= candidates.size()) {
                    return;
                }
                index = next++;
                staggerTimer.cancel();
                if (next < candidates.size()) {
                    staggerTimer = scheduler.schedule(stagger, this::startNext);
                }
                startedAt.put(index, System.nanoTime());
            } finally {
                lock.unlock();
            }
            DcAddress address = candidates.get(index);
            listener.started(address);
            T handle;
            try {
                handle = attempt.open(address);
            } catch (IOException | RuntimeException e) {
                failed(index, e);
                return;
            }
            lock.lock();
            try {
                if (done) {
                    attempt.abort(handle);
                    return;
                }
                running.put(index, handle);
            } finally {
                lock.unlock();
            }
            Thread.ofVirtual().name("mtj-dial-" + address.key()).start(() -> {
                try {
                    attempt.connect(handle, address);
                    won(index, handle);
                } catch (IOException | RuntimeException e) {
                    failed(index, e);
                }
            });
        }

        void won(int index, T handle) {
            @Nullable List<T> losers;
            List<Failure> before;
            int started;
            lock.lock();
            try {
                running.remove(index);
                if (done) {
                    losers = null; // the race ended meanwhile: this one is late
                    before = List.of();
                    started = 0;
                } else {
                    done = true;
                    losers = new ArrayList<>(running.values());
                    running.clear();
                    staggerTimer.cancel();
                    deadline.cancel();
                    before = List.copyOf(failures);
                    started = next;
                }
            } finally {
                lock.unlock();
            }
            if (losers == null) {
                attempt.abort(handle);
                return;
            }
            losers.forEach(attempt::abort);
            DcAddress address = candidates.get(index);
            cooldown.succeeded(address);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            listener.won(address, took, started);
            result.complete(new Won<>(address, handle, took, started, before));
        }

        void failed(int index, Exception e) {
            DcAddress address = candidates.get(index);
            IOException cause = e instanceof IOException io ? io : new IOException(e.toString(), e);
            boolean startAnother;
            boolean lost;
            Duration took;
            lock.lock();
            try {
                running.remove(index);
                if (done) {
                    return; // aborted by the race's end: not the address's fault
                }
                took = Duration.ofNanos(System.nanoTime() - startedAt.getOrDefault(index, began));
                failures.add(new Failure(address, cause, took));
                startAnother = next < candidates.size();
                lost = !startAnother && running.isEmpty();
                if (lost) {
                    done = true;
                    deadline.cancel();
                }
            } finally {
                lock.unlock();
            }
            cooldown.failed(address);
            listener.failed(address, cause, took);
            if (startAnother) {
                startNext();
            } else if (lost) {
                List<Failure> all;
                lock.lock();
                try {
                    all = List.copyOf(failures);
                } finally {
                    lock.unlock();
                }
                result.completeExceptionally(new DialFailedException("all " + all.size() + " addresses failed", all));
            }
        }

        /** Ends the race unwon: every running attempt is aborted and counted as failed. */
        void stop(IOException why) {
            List<Map.Entry<Integer, T>> aborted;
            List<Failure> all;
            lock.lock();
            try {
                if (done) {
                    return;
                }
                done = true;
                staggerTimer.cancel();
                deadline.cancel();
                aborted = new ArrayList<>(running.entrySet());
                running.clear();
                long now = System.nanoTime();
                for (Map.Entry<Integer, T> e : aborted) {
                    failures.add(new Failure(
                            candidates.get(e.getKey()),
                            why,
                            Duration.ofNanos(now - startedAt.getOrDefault(e.getKey(), began))));
                }
                all = List.copyOf(failures);
            } finally {
                lock.unlock();
            }
            for (Map.Entry<Integer, T> e : aborted) {
                cooldown.failed(candidates.get(e.getKey()));
                attempt.abort(e.getValue());
            }
            result.completeExceptionally(new DialFailedException(String.valueOf(why.getMessage()), all));
        }
    }
}
