package io.mtj.testdc;

import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.core.wire.SeqNoCounter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The DC's state for one client session (auth key id plus session id), as Telegram keeps it: the received messages
 * and their states ({@link ReceivedMessages}), the outgoing seqno, the content-related messages sent but not yet
 * acknowledged (re-sent on the session's next connection), and the layer and initConnection last announced. It
 * outlives connections and does not know them: {@link Connections} maps a session to the connection it last spoke
 * on. Thread-safe: every method takes the session's lock.
 */
final class ServerSession {
    /** How many received msg_ids a session remembers by default. */
    static final int REMEMBERED = 512;
    /**
     * How many bytes of answers a session keeps by default, for duplicates, msg_resend_req and re-sending on the next
     * connection; an answer beyond it is forgotten (its request reads as status 1).
     */
    static final long ANSWER_BYTES = 16L << 20;
    /** How many unacknowledged messages a session keeps for re-sending; the oldest go first. */
    static final int MAX_UNACKED = 4096;

    /** {@code bad_msg_notification} code: a message with a lower msg_id has a higher (or equal odd) seqno. */
    static final int SEQNO_TOO_LOW = 32;
    /** {@code bad_msg_notification} code: a message with a higher msg_id has a lower (or equal odd) seqno. */
    static final int SEQNO_TOO_HIGH = 33;

    /** The outcome of receiving one message: new, a duplicate, or refused. */
    sealed interface Receipt {
        /** A message not seen before, now recorded. */
        record Fresh(ReceivedMessages.Entry entry) implements Receipt {}

        /** A msg_id received before; what it came to. */
        record Duplicate(ReceivedMessages.Entry entry) implements Receipt {}

        /** At or below the oldest forgotten msg_id: dropped, as a replay cannot be ruled out. */
        record Forgotten() implements Receipt {}

        /**
         * A msg_id the DC already reported as not received (msgs_state_info 2 or 3), in a packet the client sent before
         * asking: dropped unexecuted.
         */
        record ReportedMissing() implements Receipt {}

        /** Out of seqno order: answer bad_msg_notification with this code. */
        record BadSeqNo(int code) implements Receipt {}
    }

    final long authKeyId;
    /** System.nanoTime() of the last message naming this session ({@link SessionTable}'s idle limit). */
    volatile long lastSeenNanos;

    final long sessionId;
    private final SeqNoCounter outSeq = new SeqNoCounter();
    private final ReentrantLock lock = new ReentrantLock();
    private final ReceivedMessages received;
    private final LinkedHashMap<Long, SentMessage> unacked = new LinkedHashMap<>();
    /** Over HTTP: the pushes waiting for the session's next long poll. */
    final HttpBacklog http = new HttpBacklog();

    volatile int layer;
    volatile @Nullable InitConnectionInfo init;

    private final AnswerBudget budget;

    ServerSession(long authKeyId, long sessionId, int remembered, long answerBytes, AnswerBudget budget) {
        this.authKeyId = authKeyId;
        this.sessionId = sessionId;
        this.budget = budget;
        this.received = new ReceivedMessages(remembered, answerBytes, budget, this);
    }

    Key key() {
        return new Key(authKeyId, sessionId);
    }

    /**
     * Records a received message that came in the packet whose outer msg_id (the container's, or its own) is {@code
     * carrier}: a fresh one is checked for seqno order ({@code ordered}: not a container and not an acknowledgement)
     * and remembered; a msg_id seen before is a duplicate; one reported missing is dropped if its packet is older than
     * the question the report answered, and taken as fresh if newer (a re-send under the same msg_id).
     */
    Receipt receive(long msgId, int seqNo, boolean ordered, long carrier) {
        lock.lock();
        try {
            ReceivedMessages.Entry known = received.get(msgId);
            if (known != null && known.reportedMissing) {
                if (carrier < known.reportedBy) {
                    return new Receipt.ReportedMissing();
                }
                received.remove(msgId);
                known = null;
            }
            if (known != null) {
                return new Receipt.Duplicate(known);
            }
            if (received.forgotten(msgId)) {
                return new Receipt.Forgotten();
            }
            if (ordered) {
                int code = received.seqNoOrder(msgId, seqNo);
                if (code != 0) {
                    return new Receipt.BadSeqNo(code);
                }
            }
            return new Receipt.Fresh(received.add(msgId, seqNo, ordered));
        } finally {
            lock.unlock();
        }
    }

    /** Forgets that {@code msgId} was received: the DC dropped it before executing it (a fault). */
    void unreceive(long msgId) {
        lock.lock();
        try {
            received.remove(msgId);
        } finally {
            lock.unlock();
        }
    }

    /** Marks a query as being processed (+32). */
    void processing(ReceivedMessages.Entry entry) {
        lock.lock();
        try {
            entry.state |= ReceivedMessages.PROCESSING;
        } finally {
            lock.unlock();
        }
    }

    /** Marks content-related messages as acknowledged (+8): the DC is sending an ack for them. */
    void acknowledged(List<Long> msgIds) {
        lock.lock();
        try {
            for (long id : msgIds) {
                ReceivedMessages.Entry e = received.get(id);
                if (e != null) {
                    e.state |= ReceivedMessages.ACKNOWLEDGED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives each message its msg_id and seqno, in order, and keeps the content-related ones until the client
     * acknowledges them; an answer is also recorded against the message it answers (unless that answer was dropped
     * by rpc_drop_answer: then it is left out of the result).
     */
    List<SentMessage> seal(List<DcConnection.Out> messages, MsgIdGenerator msgIds) {
        List<SentMessage> sealed = sealLocked(messages, msgIds);
        budget.trim(); // with no session lock held: it takes the lock of each session it forgets an answer of
        return sealed;
    }

    private List<SentMessage> sealLocked(List<DcConnection.Out> messages, MsgIdGenerator msgIds) {
        lock.lock();
        try {
            List<SentMessage> out = new ArrayList<>(messages.size());
            for (DcConnection.Out m : messages) {
                ReceivedMessages.Entry request = m.reqMsgId() != 0 ? received.get(m.reqMsgId()) : null;
                if (request != null && request.dropped && m.contentRelated()) {
                    request.state |= ReceivedMessages.ANSWERED;
                    continue;
                }
                SentMessage sent = new SentMessage(
                        msgIds.next(m.kind()),
                        outSeq.next(m.contentRelated()),
                        m.body(),
                        m.contentRelated(),
                        m.reqMsgId());
                if (m.contentRelated()) {
                    unacked.put(sent.msgId(), sent);
                    if (unacked.size() > MAX_UNACKED) {
                        Iterator<SentMessage> oldest = unacked.values().iterator();
                        oldest.next();
                        oldest.remove();
                    }
                    if (request != null) {
                        for (SentMessage gone : received.answered(request, sent)) {
                            unacked.remove(gone.msgId()); // its bytes went for the budget: not re-sent either
                        }
                    }
                }
                out.add(sent);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The DC-wide budget forgets {@code answer}, kept for {@code entry}: its bytes leave the request's entry and the
     * unacknowledged table, and the request reads as status 1, as under the per-session budget.
     */
    void forgetAnswer(ReceivedMessages.Entry entry, SentMessage answer) {
        lock.lock();
        try {
            if (received.forget(entry, answer)) {
                unacked.remove(answer.msgId());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The bytes of answers this session keeps now. */
    long keptAnswerBytes() {
        lock.lock();
        try {
            return received.retained();
        } finally {
            lock.unlock();
        }
    }

    /** The seqno for a container (even, at the current count). */
    int containerSeqNo() {
        return outSeq.next(false);
    }

    /** The client acknowledged these server messages: they are no longer re-sent. */
    void clientAcked(List<Long> serverMsgIds) {
        lock.lock();
        try {
            for (long id : serverMsgIds) {
                unacked.remove(id);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every content-related message not yet acknowledged, oldest first. */
    List<SentMessage> unacknowledged() {
        lock.lock();
        try {
            return new ArrayList<>(unacked.values());
        } finally {
            lock.unlock();
        }
    }

    /** What a msg_resend_req or msg_resend_ans_req found: the messages to send again, and whether each id named one. */
    record Resend(List<SentMessage> messages, boolean complete) {}

    /**
     * msg_resend_req: the DC's own messages named by {@code ids} (an answer not yet acknowledged, or one kept by its
     * request). An id of the client's parity (a multiple of 4) names no message of the DC, so the find is incomplete.
     */
    Resend ownMessages(List<Long> ids) {
        lock.lock();
        try {
            List<SentMessage> out = new ArrayList<>();
            boolean complete = true;
            for (long id : ids) {
                SentMessage sent = null;
                if ((id & 3) != 0) {
                    sent = unacked.get(id);
                    if (sent == null) {
                        ReceivedMessages.Entry byAnswer = received.byAnswer(id);
                        sent = byAnswer != null ? byAnswer.answer : null;
                    }
                }
                complete &= add(out, sent);
            }
            return new Resend(out, complete);
        } finally {
            lock.unlock();
        }
    }

    /** msg_resend_ans_req: the kept answers to the client's requests {@code ids}. */
    Resend answersTo(List<Long> ids) {
        lock.lock();
        try {
            List<SentMessage> out = new ArrayList<>();
            boolean complete = true;
            for (long id : ids) {
                ReceivedMessages.Entry request = received.get(id);
                complete &= add(out, request != null ? request.answer : null);
            }
            return new Resend(out, complete);
        } finally {
            lock.unlock();
        }
    }

    private static boolean add(List<SentMessage> out, @Nullable SentMessage sent) {
        if (sent != null && !out.contains(sent)) {
            out.add(sent);
        }
        return sent != null;
    }

    /** What {@code rpc_drop_answer} found for a request. */
    sealed interface Drop {
        /** Nothing known, or the answer was already acknowledged. */
        record Unknown() implements Drop {}

        /** Still being processed: its answer will be thrown away. */
        record Running() implements Drop {}

        /** Answered but not yet acknowledged: the answer is thrown away. */
        record Dropped(long answerMsgId, int seqNo, int bytes) implements Drop {}
    }

    /** Handles {@code rpc_drop_answer} for {@code reqMsgId}. */
    Drop dropAnswer(long reqMsgId) {
        lock.lock();
        try {
            ReceivedMessages.Entry e = received.get(reqMsgId);
            if (e == null || (e.state & ReceivedMessages.PROCESSING) == 0) {
                return new Drop.Unknown();
            }
            if ((e.state & ReceivedMessages.ANSWERED) == 0) {
                e.dropped = true;
                return new Drop.Running();
            }
            SentMessage pending = unacked.remove(e.answerMsgId);
            received.dropAnswer(e);
            if (pending == null) {
                return new Drop.Unknown();
            }
            return new Drop.Dropped(pending.msgId(), pending.seqNo(), pending.body().length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The {@code msgs_state_info} byte for {@code msgId}, asked by the msgs_state_req {@code askedBy}; a "not
     * received" answer is final for what the client sent before asking: such a message is never executed if it
     * arrives later ({@link ReceivedMessages#report}).
     */
    int state(long msgId, long askedBy) {
        lock.lock();
        try {
            return received.report(msgId, askedBy);
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of what a duplicate's entry holds (read under the lock). */
    record Known(int state, @Nullable SentMessage answer, long answerMsgId, int answerBytes) {}

    Known known(ReceivedMessages.Entry entry) {
        lock.lock();
        try {
            return new Known(entry.state, entry.answer, entry.answerMsgId, entry.answerBytes);
        } finally {
            lock.unlock();
        }
    }

    record Key(long authKeyId, long sessionId) {}

    @Override
    public String toString() {
        return "session 0x" + Long.toHexString(sessionId);
    }
}
