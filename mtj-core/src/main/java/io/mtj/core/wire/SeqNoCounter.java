package io.mtj.core.wire;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seqno of one session and one direction.
 *
 * <p>seqno is twice the number of content-related messages sent before, plus one if the message itself is
 * content-related (anything that needs an acknowledgement: calls, results, updates). So content-related messages get
 * odd seqnos 1, 3, 5 ... and the others (msgs_ack, msg_container) get the even number at the current count.
 * Thread-safe.
 */
public final class SeqNoCounter {
    private final AtomicInteger contentRelated = new AtomicInteger();

    /** The seqno for the next message; counts it if it is content-related. */
    public int next(boolean contentRelatedMessage) {
        if (contentRelatedMessage) {
            return contentRelated.getAndIncrement() * 2 + 1;
        }
        return contentRelated.get() * 2;
    }

    /** Number of content-related messages counted so far. */
    public int count() {
        return contentRelated.get();
    }

    /** Starts over, for a new session. */
    public void reset() {
        contentRelated.set(0);
    }

    /** Whether a received seqno marks a content-related message (odd). */
    public static boolean isContentRelated(int seqNo) {
        return (seqNo & 1) == 1;
    }
}
