package io.mtj.testdc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The DC's server sessions by (auth key id, session id); a session lives here until destroyed, forgotten by a test, or
 * idle for longer than the idle limit: a session no message has named for that long is dropped when a new session is
 * made (looked at no more often than every eighth of the limit), so a DC left running keeps the sessions of the
 * clients still around, not of every client it ever served. A client that comes back later starts a new session
 * ({@code new_session_created}), as with Telegram, which also forgets sessions.
 */
final class SessionTable {
    /** A session found or made by {@link #lookup}. */
    record Lookup(ServerSession session, boolean created) {}

    private final Map<ServerSession.Key, ServerSession> sessions = new ConcurrentHashMap<>();
    private final int remembered;
    private final long answerBytes;
    private final AnswerBudget budget;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private volatile long nextSweepNanos;

    /**
     * @param remembered how many received msg_ids each session remembers
     * @param answerBytes how many bytes of answers each session keeps for duplicates and msg_resend_req
     * @param dcAnswerBytes how many bytes of answers all sessions together keep (see {@link AnswerBudget})
     */
    SessionTable(int remembered, long answerBytes, long dcAnswerBytes) {
        this(remembered, answerBytes, dcAnswerBytes, DEFAULT_IDLE_LIMIT, System::nanoTime);
    }

    /** @param idleLimit how long a session no message names is kept; {@code nanoTime} the clock it is measured by */
    SessionTable(int remembered, long answerBytes, long dcAnswerBytes, Duration idleLimit, LongSupplier nanoTime) {
        this.remembered = remembered;
        this.answerBytes = answerBytes;
        this.budget = new AnswerBudget(dcAnswerBytes);
        this.idleNanos = idleLimit.toNanos();
        this.nanoTime = nanoTime;
        this.nextSweepNanos = nanoTime.getAsLong() + idleNanos / 8;
    }

    /** The default idle limit: two hours. */
    static final Duration DEFAULT_IDLE_LIMIT = Duration.ofHours(2);

    /** The bytes of answers kept across all sessions, including sessions removed whose answers are not yet forgotten. */
    long keptAnswerBytes() {
        return budget.keptBytes();
    }

    AnswerBudget budget() {
        return budget;
    }

    /** The session, created if new. */
    Lookup lookup(long authKeyId, long sessionId) {
        ServerSession.Key key = new ServerSession.Key(authKeyId, sessionId);
        long now = nanoTime.getAsLong();
        ServerSession existing = sessions.get(key);
        if (existing != null) {
            existing.lastSeenNanos = now;
            return new Lookup(existing, false);
        }
        sweepIfDue(now);
        ServerSession created = new ServerSession(authKeyId, sessionId, remembered, answerBytes, budget);
        created.lastSeenNanos = now;
        ServerSession raced = sessions.putIfAbsent(key, created);
        if (raced != null) {
            raced.lastSeenNanos = now;
            return new Lookup(raced, false);
        }
        return new Lookup(created, true);
    }

    /** Drops the sessions idle longer than the limit, at most every eighth of the limit. */
    private void sweepIfDue(long now) {
        long due = nextSweepNanos;
        if (now - due < 0) {
            return;
        }
        nextSweepNanos = now + Math.max(1, idleNanos / 8);
        sessions.values().removeIf(s -> now - s.lastSeenNanos > idleNanos);
    }

    /** The session, or null if the DC has none with these ids. */
    @Nullable
    ServerSession get(long authKeyId, long sessionId) {
        return sessions.get(new ServerSession.Key(authKeyId, sessionId));
    }

    /** Removes one session; true if it existed. */
    boolean remove(long authKeyId, long sessionId) {
        return sessions.remove(new ServerSession.Key(authKeyId, sessionId)) != null;
    }

    /** Removes every session with this session id (any auth key); returns how many. */
    int removeAll(long sessionId) {
        int n = 0;
        for (ServerSession.Key key : List.copyOf(sessions.keySet())) {
            if (key.sessionId() == sessionId && sessions.remove(key) != null) {
                n++;
            }
        }
        return n;
    }

    /** Removes every session; returns how many. */
    int clear() {
        int n = sessions.size();
        sessions.clear();
        return n;
    }

    /** A snapshot of the sessions. */
    List<ServerSession> all() {
        return new ArrayList<>(sessions.values());
    }

    int size() {
        return sessions.size();
    }
}
