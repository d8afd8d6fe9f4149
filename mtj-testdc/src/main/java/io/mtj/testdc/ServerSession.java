package io.mtj.testdc;

import io.mtj.core.wire.ReplayGuard;
import io.mtj.core.wire.SeqNoCounter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/** The DC's state for one client session (auth key id plus session id): seqnos, replay memory, wrappers seen. */
final class ServerSession {
    /** How many accepted (msg_id, seqno) pairs are remembered for the seqno-order checks and msgs_state_req. */
    static final int REMEMBERED = ReplayGuard.DEFAULT_CAPACITY;

    /** {@code bad_msg_notification} code: a message with a lower msg_id has a higher (or equal odd) seqno. */
    static final int SEQNO_TOO_LOW = 32;
    /** {@code bad_msg_notification} code: a message with a higher msg_id has a lower (or equal odd) seqno. */
    static final int SEQNO_TOO_HIGH = 33;

    final long authKeyId;
    final long sessionId;
    final SeqNoCounter outSeq = new SeqNoCounter();
    final ReplayGuard replay = new ReplayGuard();
    final ReentrantLock lock = new ReentrantLock();
    /** The connection the session last spoke on; updates are pushed there. */
    volatile @Nullable DcConnection connection;
    /** HTTP transport: the connection whose request last asked to be held (http_wait); pushes go there first. */
    volatile @Nullable DcConnection httpPoll;
    /** HTTP transport: pushes that found no waiting request; the next http_wait carries them. */
    final java.util.concurrent.ConcurrentLinkedQueue<byte[]> httpBacklog =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    volatile int layer;
    volatile @Nullable InitConnectionInfo init;

    private final ReentrantLock receivedLock = new ReentrantLock();
    /** msg_id -> seqno of the accepted client messages (not containers), the newest {@link #REMEMBERED}. */
    private final TreeMap<Long, Integer> received = new TreeMap<>();

    ServerSession(long authKeyId, long sessionId) {
        this.authKeyId = authKeyId;
        this.sessionId = sessionId;
    }

    /**
     * Checks that {@code seqNo} is ordered like {@code msgId} among the messages received so far and records the
     * message if so. Returns 0, {@link #SEQNO_TOO_LOW} or {@link #SEQNO_TOO_HIGH} (core.telegram.org service
     * messages about messages): a lower msg_id must not have a higher seqno, a higher msg_id not a lower one, and
     * an odd (content-related) seqno is never shared. Gaps are allowed. The accepted messages stay consistent among
     * themselves, so comparing with the nearest neighbours in msg_id order is enough.
     */
    int acceptSeqNo(long msgId, int seqNo) {
        boolean odd = (seqNo & 1) == 1;
        receivedLock.lock();
        try {
            Map.Entry<Long, Integer> lower = received.lowerEntry(msgId);
            if (lower != null && (lower.getValue() > seqNo || (odd && lower.getValue() == seqNo))) {
                return SEQNO_TOO_LOW;
            }
            Map.Entry<Long, Integer> higher = received.higherEntry(msgId);
            if (higher != null && (higher.getValue() < seqNo || (odd && higher.getValue() == seqNo))) {
                return SEQNO_TOO_HIGH;
            }
            received.put(msgId, seqNo);
            if (received.size() > REMEMBERED) {
                received.pollFirstEntry();
            }
            return 0;
        } finally {
            receivedLock.unlock();
        }
    }

    /**
     * The {@code msgs_state_info} byte for {@code msgId}: 4 (received) plus 8 (acknowledged: the DC acks every
     * content-related message with its answer) or 16 (needs no ack); else 1 (older than anything remembered), 3
     * (newer than anything received) or 2 (in the remembered range but not received).
     */
    int state(long msgId) {
        receivedLock.lock();
        try {
            Integer seqNo = received.get(msgId);
            if (seqNo != null) {
                return 4 | ((seqNo & 1) == 1 ? 8 : 16);
            }
            if (received.isEmpty() || msgId < received.firstKey()) {
                return 1;
            }
            return msgId > received.lastKey() ? 3 : 2;
        } finally {
            receivedLock.unlock();
        }
    }

    record Key(long authKeyId, long sessionId) {}
}
