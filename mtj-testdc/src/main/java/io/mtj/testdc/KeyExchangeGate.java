package io.mtj.testdc;

import io.mtj.tl.TlDecodeException;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the DH arithmetic of a DC's key exchanges running at once, first come first served by exchange.
 *
 * <p>The two expensive steps of the server's side of an exchange (req_DH_params: the RSA decryption and g^a;
 * set_client_DH_params: g_b^a) each take a permit. Without a bound every exchange accepted runs at once, and on a
 * machine with few cores a burst of 2,000 connects shares the CPU so evenly that none finishes within a client's 30 s
 * handshake deadline although the arithmetic of all of them fits in less. With it, the CPU goes to the oldest
 * exchanges first: each exchange draws a ticket at req_pq, and a waiting step with an older ticket is let in before
 * any younger one, so an exchange that is half done is not queued behind the first steps of later arrivals. The
 * accept loop and req_pq (cheap) are not gated; a connection only waits here.
 *
 * <p>Permits default to the number of processors: more would only interleave the arithmetic again.
 */
final class KeyExchangeGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.ticket, b.ticket));
    private final AtomicLong tickets = new AtomicLong();
    private final int permits;
    private int free;

    KeyExchangeGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be positive, got " + permits);
        }
        this.permits = permits;
        this.free = permits;
    }

    /** A gate with one permit per processor. */
    static KeyExchangeGate perProcessor() {
        return new KeyExchangeGate(Runtime.getRuntime().availableProcessors());
    }

    /** The next exchange's place in line: lower tickets go first. */
    long ticket() {
        return tickets.incrementAndGet();
    }

    int permits() {
        return permits;
    }

    /** Steps waiting now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** A step of the exchange holding {@code ticket}. */
    interface Step<T> {
        T run() throws HandshakeException, TlDecodeException;
    }

    /** Runs {@code step} once a permit is free and no older exchange waits for one. */
    <T> T run(long ticket, Step<T> step) throws HandshakeException, TlDecodeException {
        enter(ticket);
        try {
            return step.run();
        } finally {
            leave();
        }
    }

    private void enter(long ticket) {
        lock.lock();
        try {
            if (free > 0 && waiting.isEmpty()) {
                free--;
                return;
            }
            Waiter me = new Waiter(ticket, lock.newCondition());
            waiting.add(me);
            while (!me.admitted) {
                me.turn.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            Waiter next = waiting.poll();
            if (next == null) {
                free++;
            } else {
                next.admitted = true; // the permit passes straight to the oldest waiting exchange
                next.turn.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private static final class Waiter {
        final long ticket;
        final Condition turn;
        boolean admitted;

        Waiter(long ticket, Condition turn) {
            this.ticket = ticket;
            this.turn = turn;
        }
    }
}
