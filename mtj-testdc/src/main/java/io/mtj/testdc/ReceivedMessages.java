package io.mtj.testdc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The msg_ids one server session received, each with its state, as {@code msgs_state_info} reports them: received
 * (4), acknowledged (+8), needing no acknowledgement (+16), query being processed or done (+32), answer generated
 * (+64). Memory is bounded twice: at most {@code capacity} ids (the oldest, smallest id is forgotten first, and any id
 * not above it is then "nothing known", status 1) and at most {@code answerBytes} bytes of stored answers (the oldest
 * answers lose their bytes first, and their requests then read as status 1 too: an answer nothing can give again is
 * forgotten, and saying "answer generated" would send the client asking for it in vain). Not thread-safe: the owning
 * {@link ServerSession} locks.
 */
final class ReceivedMessages {
    /** State bit: received. */
    static final int RECEIVED = 4;
    /** State bit: acknowledged (by an ack or by the answer). */
    static final int ACKNOWLEDGED = 8;
    /** State bit: needs no acknowledgement (an even seqno). */
    static final int NO_ACK = 16;
    /** State bit: the query is being processed or was processed. */
    static final int PROCESSING = 32;
    /** State bit: a content-related answer was generated. */
    static final int ANSWERED = 64;

    /** One received message. */
    static final class Entry {
        final long msgId;
        final int seqNo;
        /** Whether its seqno takes part in the order checks (not containers, not odd-seqno acks). */
        final boolean ordered;

        int state;
        /** The answer, while its bytes are kept; null before it exists or once forgotten or dropped. */
        @Nullable
        SentMessage answer;
        /** The answer's msg_id and length, kept after its bytes are forgotten. */
        long answerMsgId;

        int answerBytes;
        /** rpc_drop_answer arrived: the answer, when it comes, is thrown away. */
        boolean dropped;
        /**
         * The answer's bytes went for the byte budget: nothing can give the answer again, so the request reads as
         * forgotten (status 1), as Telegram reports a message it no longer knows.
         */
        boolean answerForgotten;
        /**
         * Not a received message: a msg_id a msgs_state_info reported as not received (its state is the status then
         * given, 2 or 3), answering the msgs_state_req {@link #reportedBy}. If the message arrives after all in a
         * packet the client sent before that question (read late off a connection it has left), it is dropped
         * unexecuted: the client was told the DC does not have it and may have sent the call again under a new
         * msg_id. In a packet sent after the question it is a deliberate re-send under the same msg_id (tdesktop
         * re-sends so, in a new container) and is handled as received now.
         */
        boolean reportedMissing;
        /** The msgs_state_req whose answer reported this msg_id missing. */
        long reportedBy;

        Entry(long msgId, int seqNo, boolean ordered, int state) {
            this.msgId = msgId;
            this.seqNo = seqNo;
            this.ordered = ordered;
            this.state = state;
        }
    }

    private final int capacity;
    private final long answerBytes;
    private final AnswerBudget budget;
    private final ServerSession owner;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final Deque<Entry> withAnswers = new ArrayDeque<>();
    private long retained;
    /** The largest id forgotten so far; ids up to it are status 1. */
    private long floor = Long.MIN_VALUE;

    /**
     * @param budget the DC-wide budget every kept answer's bytes are reported to
     * @param owner the session these messages belong to (named to the budget)
     */
    ReceivedMessages(int capacity, long answerBytes, AnswerBudget budget, ServerSession owner) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.answerBytes = answerBytes;
        this.budget = budget;
        this.owner = owner;
    }

    /** Stops keeping the bytes of {@code entry}'s answer, wherever the reason; the budget hears of it. */
    private void release(Entry entry, SentMessage answer) {
        retained -= answer.body().length;
        entry.answer = null;
        withAnswers.remove(entry);
        budget.released(answer.body().length);
    }

    /**
     * The DC-wide budget forgets {@code answer}, kept for {@code entry}: as the per-session budget does, its request
     * reads as forgotten from then on. False if the entry no longer keeps that answer.
     */
    boolean forget(Entry entry, SentMessage answer) {
        if (entry.answer != answer) {
            return false;
        }
        release(entry, answer);
        entry.answerForgotten = true;
        return true;
    }

    /** The bytes of answers this session keeps. */
    long retained() {
        return retained;
    }

    @Nullable
    Entry get(long msgId) {
        return entries.get(msgId);
    }

    /** Whether {@code msgId} is at or below the oldest forgotten id (it cannot be told from a replay). */
    boolean forgotten(long msgId) {
        return msgId <= floor;
    }

    /**
     * The bad_msg_notification code if {@code seqNo} is out of order with the ordered messages around {@code msgId}
     * (32 too low, 33 too high), else 0. A lower msg_id must not have a higher seqno, a higher msg_id not a lower
     * one, and an odd seqno is never shared; gaps are allowed.
     */
    int seqNoOrder(long msgId, int seqNo) {
        boolean odd = (seqNo & 1) == 1;
        Entry lower = nearest(entries.lowerEntry(msgId), true);
        if (lower != null && (lower.seqNo > seqNo || (odd && lower.seqNo == seqNo))) {
            return ServerSession.SEQNO_TOO_LOW;
        }
        Entry higher = nearest(entries.higherEntry(msgId), false);
        if (higher != null && (higher.seqNo < seqNo || (odd && higher.seqNo == seqNo))) {
            return ServerSession.SEQNO_TOO_HIGH;
        }
        return 0;
    }

    private @Nullable Entry nearest(Map.@Nullable Entry<Long, Entry> start, boolean down) {
        Map.Entry<Long, Entry> e = start;
        while (e != null && !e.getValue().ordered) {
            e = down ? entries.lowerEntry(e.getKey()) : entries.higherEntry(e.getKey());
        }
        return e == null ? null : e.getValue();
    }

    /** Records a newly received message and forgets the oldest beyond the capacity. */
    Entry add(long msgId, int seqNo, boolean ordered) {
        Entry entry = new Entry(msgId, seqNo, ordered, RECEIVED | ((seqNo & 1) == 0 ? NO_ACK : 0));
        entries.put(msgId, entry);
        while (entries.size() > capacity) {
            Map.Entry<Long, Entry> oldest = entries.pollFirstEntry();
            floor = Math.max(floor, oldest.getKey());
            Entry gone = oldest.getValue();
            SentMessage kept = gone.answer;
            if (kept != null) {
                release(gone, kept);
            }
        }
        return entry;
    }

    /**
     * The {@code msgs_state_info} byte for {@code msgId}, as {@link #state}, asked by the msgs_state_req {@code
     * askedBy}; a "not received" answer (2 or 3) is made final for what the client sent before asking: the id is
     * remembered as reported missing (within the capacity, like a received one), so that the message, should it
     * arrive in a packet older than the question (read late off a connection the client has already left), is never
     * executed. Without this the answer would describe only what the DC had processed so far, and the client's re-send
     * under a new msg_id plus the late original would run the call twice.
     */
    int report(long msgId, long askedBy) {
        int status = state(msgId);
        Entry known = entries.get(msgId);
        if (known != null && known.reportedMissing) {
            known.reportedBy = Math.max(known.reportedBy, askedBy);
        } else if ((status == 2 || status == 3) && known == null) {
            Entry missing = add(msgId, 0, false);
            missing.state = status;
            missing.reportedMissing = true;
            missing.reportedBy = askedBy;
        }
        return status;
    }

    /** Forgets that {@code msgId} was received (the DC dropped it unread: a fault). */
    void remove(long msgId) {
        Entry gone = entries.remove(msgId);
        SentMessage kept = gone != null ? gone.answer : null;
        if (gone != null && kept != null) {
            release(gone, kept);
        }
    }

    /**
     * Records the answer to {@code entry}; forgets the bytes of the oldest answers beyond the byte budget and returns
     * those answers, so that the session stops keeping them for re-sending too (the budget bounds the answers' bytes
     * wherever they are kept). Their requests read as forgotten from then on.
     */
    List<SentMessage> answered(Entry entry, SentMessage answer) {
        entry.state |= ANSWERED | ACKNOWLEDGED;
        entry.answerMsgId = answer.msgId();
        entry.answerBytes = answer.body().length;
        if (!entries.containsKey(entry.msgId)) {
            return List.of(); // forgotten while it was processed
        }
        entry.answer = answer;
        withAnswers.add(entry);
        retained += answer.body().length;
        budget.keep(owner, entry, answer);
        List<SentMessage> gone = new ArrayList<>();
        while (retained > answerBytes && !withAnswers.isEmpty()) {
            Entry old = withAnswers.peek();
            SentMessage bytes = old.answer;
            if (bytes != null) {
                forget(old, bytes);
                gone.add(bytes);
            } else {
                withAnswers.poll();
            }
        }
        return gone;
    }

    /** The entry whose answer has msg_id {@code answerMsgId}, if its bytes are still kept. */
    @Nullable
    Entry byAnswer(long answerMsgId) {
        for (Entry e : withAnswers) {
            if (e.answerMsgId == answerMsgId) {
                return e;
            }
        }
        return null;
    }

    /** Forgets the stored bytes of {@code entry}'s answer (rpc_drop_answer). */
    void dropAnswer(Entry entry) {
        SentMessage answer = entry.answer;
        if (answer != null) {
            release(entry, answer);
        }
        entry.dropped = true;
    }

    /**
     * The {@code msgs_state_info} byte for {@code msgId}: the entry's state, or 1 if its answer went for the byte
     * budget; else 1 (at or below the oldest
     * forgotten id, or below everything received), 3 (above everything received) or 2 (within the range, not
     * received).
     */
    int state(long msgId) {
        Entry e = entries.get(msgId);
        if (e != null) {
            return e.answerForgotten ? 1 : e.state;
        }
        if (entries.isEmpty() || msgId <= floor || msgId < entries.firstKey()) {
            return entries.isEmpty() && floor == Long.MIN_VALUE ? 3 : 1;
        }
        return msgId > entries.lastKey() ? 3 : 2;
    }

    int size() {
        return entries.size();
    }
}
