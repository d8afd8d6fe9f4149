package io.mtj.testdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The DC's server sessions by (auth key id, session id); a session lives here until destroyed or forgotten. */
final class SessionTable {
    /** A session found or made by {@link #lookup}. */
    record Lookup(ServerSession session, boolean created) {}

    private final Map<ServerSession.Key, ServerSession> sessions = new ConcurrentHashMap<>();
    private final int remembered;
    private final long answerBytes;
    private final AnswerBudget budget;

    /**
     * @param remembered how many received msg_ids each session remembers
     * @param answerBytes how many bytes of answers each session keeps for duplicates and msg_resend_req
     * @param dcAnswerBytes how many bytes of answers all sessions together keep (see {@link AnswerBudget})
     */
    SessionTable(int remembered, long answerBytes, long dcAnswerBytes) {
        this.remembered = remembered;
        this.answerBytes = answerBytes;
        this.budget = new AnswerBudget(dcAnswerBytes);
    }

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
        ServerSession existing = sessions.get(key);
        if (existing != null) {
            return new Lookup(existing, false);
        }
        ServerSession created = new ServerSession(authKeyId, sessionId, remembered, answerBytes, budget);
        ServerSession raced = sessions.putIfAbsent(key, created);
        return raced != null ? new Lookup(raced, false) : new Lookup(created, true);
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
