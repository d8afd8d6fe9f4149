package io.mtj.core.files;

import io.mtj.tl.TlMethod;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The parts of one transfer in flight, oldest first, over one or more connections, with at most {@code budget}
 * bytes in flight on each. Used by one thread: {@link #send} places a part on the least loaded connection that has
 * room, and when none has, the caller takes the oldest part with {@link #takeOldest} (which frees its bytes).
 */
final class PartWindow<R> {
    record Part<R>(int index, int bytes, int connection, CompletableFuture<R> answer) {}

    private final List<FileCaller> connections;
    private final long budget;
    private final long[] inFlight;
    private final ArrayDeque<Part<R>> parts = new ArrayDeque<>();

    PartWindow(List<FileCaller> connections, long budget) {
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a transfer needs at least one connection");
        }
        if (budget <= 0) {
            throw new IllegalArgumentException("bytes in flight per connection must be positive, got " + budget);
        }
        this.connections = List.copyOf(connections);
        this.budget = budget;
        this.inFlight = new long[connections.size()];
    }

    /** The connection with the fewest bytes in flight that can take {@code bytes} more, or -1. */
    int roomFor(int bytes) {
        int best = -1;
        for (int i = 0; i < inFlight.length; i++) {
            // an idle connection always takes a part, even one larger than the budget
            boolean fits = inFlight[i] == 0 || inFlight[i] + bytes <= budget;
            if (fits && (best < 0 || inFlight[i] < inFlight[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Sends part {@code index} ({@code bytes} long, as far as the budget is concerned) on {@code connection}. */
    void send(int index, int bytes, int connection, TlMethod<R> method) {
        inFlight[connection] += bytes;
        parts.add(
                new Part<>(index, bytes, connection, connections.get(connection).invoke(method)));
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Waits for the oldest part's answer (a result or a failure, read from the part) and frees its bytes. */
    Part<R> takeOldest() throws InterruptedException {
        Part<R> part = parts.remove();
        try {
            part.answer().get();
        } catch (ExecutionException e) {
            // the part's future holds the failure for the caller
        } finally {
            inFlight[part.connection()] -= part.bytes();
        }
        return part;
    }

    /** Gives up the parts still in flight (their answers are ignored). */
    void abandon() {
        for (Part<R> p : parts) {
            p.answer().cancel(false);
        }
        parts.clear();
        java.util.Arrays.fill(inFlight, 0);
    }
}
