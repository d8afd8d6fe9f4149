package io.mtj.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The plaintext of an encrypted MTProto message, without its padding: {@code salt:long session_id:long
 * message_id:long seq_no:int message_data_length:int message_data}. See {@link EnvelopeCodec}.
 *
 * @param salt the server salt the sender used
 * @param sessionId the client-chosen session id
 * @param msgId the message id (parity tells the sender, see {@link MsgIdKind})
 * @param seqNo the sequence number (odd for content-related messages)
 * @param body the serialized boxed TL object
 */
public record Envelope(long salt, long sessionId, long msgId, int seqNo, byte[] body) {
    public Envelope {
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other
                && salt == other.salt
                && sessionId == other.sessionId
                && msgId == other.msgId
                && seqNo == other.seqNo
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(salt, sessionId, msgId, seqNo) * 31 + Arrays.hashCode(body);
    }

    /** Shows ids and the body length only: salt and session id are not printed. */
    @Override
    public String toString() {
        return "Envelope[msgId=0x" + Long.toHexString(msgId) + ", seqNo=" + seqNo + ", body=byte[" + body.length + "]]";
    }
}
