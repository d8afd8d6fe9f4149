package io.mtj.core.session;

import org.jspecify.annotations.Nullable;

/**
 * A message waiting to be written: its body, whether it is content-related (odd seqno, needs an ack), and the call
 * it carries, if any. The msg_id and seqno are assigned when it is written.
 */
record Outbound(
        byte[] body, boolean contentRelated, @Nullable PendingCall<?> call) {}
