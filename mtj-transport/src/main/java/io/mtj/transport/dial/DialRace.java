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

    /**
     * An address that failed, why, and how long it took.
     *
     * @param address the address that was tried
     * @param cause why it failed; for attempts cut short by the race's end, the race's reason
     * @param took from the attempt's start to its failure
     */
    public record Failure(DcAddress address, IOException cause, Duration took) {}

    /**
     * The winner: its address and handle, how long it took, and the attempts that failed first.
     *
     * @param <T> the handle type of the {@link DialAttempt}
     * @param address the address that connected first
     * @param handle the connected handle, now owned by the caller
     * @param took from the start of the race to the win
     * @param started how many attempts had been started when this one won
     * @param failures the attempts that failed before the win, in the order they failed
     */
    public record Won<T>(DcAddress address, T handle, Duration took, int started, List<Failure> failures) {}

    /** Sees each attempt; fast and never throwing, like every listener here. */
    public interface Listener {
        /**
         * A listener that ignores everything.
         */
        Listener NONE = new Listener() {};

        /**
         * Called when an attempt at {@code address} starts.
         *
         * @param address the address being tried
         */
        default void started(DcAddress address) {}

        /**
         * Called when an attempt fails before the race is decided; attempts aborted after a win are not reported.
         *
         * @param address the address that failed
         * @param cause why it failed
         * @param took from the attempt's start to its failure
         */
        default void failed(DcAddress address, IOException cause, Duration took) {}

        /**
         * Called once when {@code address} finished its transport step first, {@code took} after the race began.
         *
         * @param address the winning address
         * @param took from the start of the race to the win
         * @param started how many attempts had been started by then
         */
        default void won(DcAddress address, Duration took, int started) {}
    }

    /**
     * Creates a race runner.
     *
     * @param scheduler supplies the stagger and deadline timers
     * @param stagger how long running attempts get before the next one starts; zero starts all at once
     * @param cooldown records failures and successes per address; shared with whoever orders candidates
     * @param listener sees each attempt; must be fast and never throw
     * @throws IllegalArgumentException if {@code stagger} is negative
     */
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

    /**
     * Gives the cooldown this race updates.
     *
     * @return the cooldown given at construction
     */
    public Cooldown cooldown() {
        return cooldown;
    }

    /**
     * Races {@code candidates} in order and returns the first to connect; the caller owns its
     * handle. Fails with {@link DialFailedException} when all fail or {@code timeout} passes. Blocks the
     * calling thread until the race is decided; attempts that lose are aborted.
     *
     * @param <T> the handle type of {@code attempt}
     * @param candidates the addresses to try, in order of preference
     * @param attempt opens, connects and aborts one handle per address
     * @param timeout the bound on the whole race
     * @return the winner
     * @throws DialFailedException if the list is empty, every attempt failed, or the timeout passed first;
     *     it lists each failure
     * @throws IOException if the race fails for another reason
     * @throws InterruptedException if the calling thread is interrupted; running attempts are aborted
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
        /** The virtual thread running each attempt in {@link #running}. */
        final Map<Integer, Thread> threads = new HashMap<>();

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
            Thread thread = Thread.ofVirtual().name("mtj-dial-" + address.key()).unstarted(() -> {
                try {
                    attempt.connect(handle, address);
                    won(index, handle);
                } catch (IOException | RuntimeException e) {
                    failed(index, e);
                }
            });
            lock.lock();
            try {
                if (done) {
                    attempt.abort(handle);
                    return;
                }
                running.put(index, handle);
                threads.put(index, thread);
            } finally {
                lock.unlock();
            }
            thread.start();
        }

        /**
         * Stops attempts the race no longer needs: closes each handle, and interrupts its thread, which ends a TCP
         * connect still waiting for the peer's SYN-ACK (a virtual thread's blocking socket call closes the socket when
         * interrupted) before the handle has a socket to close. Called without the lock.
         */
        void abortAll(List<T> handles, List<Thread> running) {
            handles.forEach(attempt::abort);
            running.forEach(Thread::interrupt);
        }

        void won(int index, T handle) {
            @Nullable List<T> losers;
            List<Thread> loserThreads = List.of();
            List<Failure> before;
            int started;
            lock.lock();
            try {
                running.remove(index);
                threads.remove(index);
                if (done) {
                    losers = null; // the race ended meanwhile: this one is late
                    before = List.of();
                    started = 0;
                } else {
                    done = true;
                    losers = new ArrayList<>(running.values());
                    loserThreads = new ArrayList<>(threads.values());
                    running.clear();
                    threads.clear();
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
            abortAll(losers, loserThreads);
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
                threads.remove(index);
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
            List<Thread> abortedThreads;
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
                abortedThreads = new ArrayList<>(threads.values());
                running.clear();
                threads.clear();
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
            }
            abortAll(aborted.stream().map(Map.Entry::getValue).toList(), abortedThreads);
            result.completeExceptionally(new DialFailedException(String.valueOf(why.getMessage()), all));
        }
    }
}
