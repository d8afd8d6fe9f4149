package io.mtj.testdc;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DC-wide bound on kept answer bytes, across every server session, live or abandoned. Each session keeps its
 * own answers (at most {@link ServerSession#ANSWER_BYTES} each) for duplicates, msg_resend_req and re-sending on its
 * next connection; a client that exits without acknowledging its last answers leaves them kept, and every new client
 * makes a new session, so without this bound the kept bytes grow with the number of sessions that ever existed.
 * Beyond the budget the oldest kept answer anywhere is forgotten first, under the same honest rule as the
 * per-session budget: it leaves its session's unacknowledged table and its request reads as status 1.
 *
 * <p>Lock order: a session may report bytes here while holding its own lock (this class takes no lock of its own);
 * {@link #trim} runs with no session lock held and takes one victim's lock at a time.
 */
final class AnswerBudget {
    /** The default DC-wide budget: 256 MB. */
    static final long DEFAULT_BYTES = 256L << 20;

    /** One kept answer, in the order answers were kept. */
    private record Kept(ServerSession session, ReceivedMessages.Entry entry, SentMessage answer) {}

    private final long limit;
    private final AtomicLong kept = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    /** The queue's length, counted (ConcurrentLinkedQueue.size walks the queue). */
    private final AtomicLong queued = new AtomicLong();

    private final ConcurrentLinkedQueue<Kept> order = new ConcurrentLinkedQueue<>();

    AnswerBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the DC-wide answer budget must be >= 0 bytes, got " + limit);
        }
        this.limit = limit;
    }

    /** A budget that never forgets (for a session made on its own). */
    static AnswerBudget unbounded() {
        return new AnswerBudget(Long.MAX_VALUE);
    }

    /** The bytes of answers kept across all sessions now. */
    long keptBytes() {
        return kept.get();
    }

    /** How many records of kept answers the queue holds, stale ones included (for tests). */
    long queuedRecords() {
        return queued.get();
    }

    long limit() {
        return limit;
    }

    /** A session started keeping {@code answer} for {@code entry} (called under the session's lock). */
    void keep(ServerSession session, ReceivedMessages.Entry entry, SentMessage answer) {
        kept.addAndGet(answer.body().length);
        count.incrementAndGet();
        order.add(new Kept(session, entry, answer));
        queued.incrementAndGet();
    }

    /** A session stopped keeping {@code bytes} of one answer, for any reason (called under the session's lock). */
    void released(int bytes) {
        kept.addAndGet(-bytes);
        long live = count.decrementAndGet();
        // Records of answers released elsewhere stay queued until polled; sweep them when they outnumber the live.
        // A sweep reads entries without their sessions' locks: it may keep a stale record, never drop a live one (an
        // entry's answer is set before its record is queued and is only cleared afterwards).
        if (queued.get() > 2 * live + 1024) {
            order.removeIf(k -> k.entry.answer != k.answer);
            queued.set(order.size());
        }
    }

    /**
     * Forgets the oldest kept answers, across sessions, until the kept bytes are within the budget. Called with no
     * session lock held.
     */
    void trim() {
        while (kept.get() > limit) {
            Kept oldest = order.poll();
            if (oldest == null) {
                return;
            }
            queued.decrementAndGet();
            oldest.session.forgetAnswer(oldest.entry, oldest.answer);
        }
    }
}
