package io.mtj.testdc;

import java.util.ArrayList;
import java.util.List;

/** What one packet produced, and what an effect decided for it. */
final class Batch {
    final DcConnection connection;
    final ServerSession session;
    final List<DcConnection.Out> out = new ArrayList<>();
    final List<Long> acks = new ArrayList<>();
    final List<SentMessage> resend = new ArrayList<>();
    /** The packet's outer msg_id (its container's, or its one message's): when the client sent it. */
    long carrier;
    /** Read no further messages of this packet. */
    boolean stop;
    /** Close the connection instead of sending (answers are kept for the next connection). */
    boolean close;
    /** Forget the session and send nothing. */
    boolean forget;
    /**
     * The session came over from another connection: what it has not acknowledged is re-sent, after this
     * packet's own acknowledgements are applied.
     */
    boolean moved;
    /** A msgs_state_info is among the answers (the moment a {@link CallEffect#readLate()} request is handled). */
    boolean stateReported;
    /** Cut the connection in the middle of the packet answering this request (0: none). */
    long cutAnswerTo;

    Batch(DcConnection connection, ServerSession session) {
        this.connection = connection;
        this.session = session;
    }
}
