package io.mtj.testdc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pushes an HTTP session keeps for its next long poll. Over HTTP the DC can only answer a request, and a session
 * has no open connection between requests, so a push waits here instead of going to a connection. Apart from {@link
 * ServerSession} because it shares none of the session's other state (received messages, unacknowledged answers,
 * seqnos) and so needs none of its lock. Thread-safe.
 */
final class HttpBacklog {
    /** How many pushes a session keeps for its next HTTP long poll; the oldest are dropped first. */
    static final int MAX = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<byte[]> pushes = new ArrayDeque<>();
    private boolean overHttp;

    /**
     * A request of the session came over HTTP, so from now on pushes wait for a request (the next long poll) instead
     * of going to a connection, even while the session has no open connection: it outlives its connections as a TCP
     * session does.
     */
    void speaksHttp() {
        lock.lock();
        try {
            overHttp = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps a pushed message body for the session's next long poll; false if no request of the session came over
     * HTTP (the caller pushes to a connection instead). Beyond {@link #MAX} the oldest is dropped.
     */
    boolean hold(byte[] body) {
        lock.lock();
        try {
            if (!overHttp) {
                return false;
            }
            if (pushes.size() >= MAX) {
                pushes.poll();
            }
            pushes.add(body);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The pushes kept for the next long poll, removed, oldest first. */
    List<byte[]> take() {
        lock.lock();
        try {
            List<byte[]> out = new ArrayList<>(pushes);
            pushes.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }
}
