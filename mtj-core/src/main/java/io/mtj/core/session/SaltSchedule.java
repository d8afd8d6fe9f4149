package io.mtj.core.session;

import io.mtj.api.mtproto.FutureSalts;
import io.mtj.core.storage.FutureSalt;
import io.mtj.core.storage.SessionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server salts of one auth key: the salt in use, the salts fetched ahead with their validity, when to switch and
 * when to fetch more. It belongs to the session (not to a connection) because salts are valid across connections and
 * are saved with the key. Time is the server's: callers pass the corrected clock's unixtime. Thread-safe.
 */
final class SaltSchedule {
    /** Future salts are fetched when the known ones run out within this many seconds. */
    static final long MARGIN_SECONDS = 3600;

    private final ReentrantLock lock = new ReentrantLock();
    private List<FutureSalt> future;
    private volatile long salt;
    private volatile boolean fetching;

    SaltSchedule(long salt, List<FutureSalt> future) {
        this.salt = salt;
        this.future = List.copyOf(future);
    }

    long salt() {
        return salt;
    }

    List<FutureSalt> future() {
        lock.lock();
        try {
            return future;
        } finally {
            lock.unlock();
        }
    }

    /** The server named the salt to use (bad_server_salt, new_session_created); those believed valid now were wrong. */
    void replace(long newSalt, long now) {
        salt = newSalt;
        lock.lock();
        try {
            future = future.stream().filter(f -> !f.validAt(now)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** A new_session_created's salt: used from now on, future salts kept. */
    void use(long newSalt) {
        salt = newSalt;
    }

    /**
     * Drops expired salts and switches to the newest one valid at {@code now}; true if the salt in use changed (worth
     * saving).
     */
    boolean rotate(long now) {
        lock.lock();
        try {
            List<FutureSalt> kept = new ArrayList<>();
            FutureSalt current = null;
            for (FutureSalt s : future) {
                if (Integer.toUnsignedLong(s.validUntil()) < now) {
                    continue;
                }
                kept.add(s);
                if (s.validAt(now)
                        && (current == null || Integer.compareUnsigned(s.validSince(), current.validSince()) > 0)) {
                    current = s;
                }
            }
            if (kept.size() != future.size()) {
                future = List.copyOf(kept);
            }
            if (current != null && current.salt() != salt) {
                salt = current.salt();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether get_future_salts should go out now: the known salts end within the margin and none is on its way. */
    boolean shouldFetch(long now) {
        if (fetching) {
            return false;
        }
        long coveredUntil = 0;
        for (FutureSalt s : future()) {
            coveredUntil = Math.max(coveredUntil, Integer.toUnsignedLong(s.validUntil()));
        }
        return coveredUntil < now + MARGIN_SECONDS;
    }

    void fetching(boolean fetching) {
        this.fetching = fetching;
    }

    /** Stores a future_salts answer (sorted by valid_since, at most {@link SessionState#MAX_FUTURE_SALTS}). */
    void store(FutureSalts answer) {
        List<FutureSalt> salts = new ArrayList<>();
        for (io.mtj.api.mtproto.FutureSalt s : answer.salts()) {
            if (salts.size() == SessionState.MAX_FUTURE_SALTS) {
                break;
            }
            salts.add(new FutureSalt(s.validSince(), s.validUntil(), s.salt()));
        }
        salts.sort(Comparator.comparingLong(s -> Integer.toUnsignedLong(s.validSince())));
        lock.lock();
        try {
            future = List.copyOf(salts);
        } finally {
            lock.unlock();
        }
    }
}
