package io.mtj.core.session;

import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A message waiting to be written: its body, whether it is content-related (odd seqno, needs an ack), the call it
 * carries, if any, and who wants to know the msg_id it is written with (a msgs_state_req, whose answer names it).
 * The msg_id and seqno are assigned when it is written.
 */
record Outbound(
        byte[] body,
        boolean contentRelated,
        @Nullable PendingCall<?> call,
        @Nullable LongConsumer written) {
    Outbound(byte[] body, boolean contentRelated, @Nullable PendingCall<?> call) {
        this(body, contentRelated, call, null);
    }
}
