package io.mtj.testdc;

/**
 * One message the DC sent (or is about to send) in a session, with its msg_id and seqno fixed: re-sending it repeats
 * the same bytes, so a client that already has it recognises the duplicate.
 *
 * @param reqMsgId the client message it answers, or 0 for a notice
 */
record SentMessage(long msgId, int seqNo, byte[] body, boolean contentRelated, long reqMsgId) {}
