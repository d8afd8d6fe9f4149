package io.mtj.core.wire;

import java.io.IOException;

/**
 * A received MTProto message failed validation. The {@link #reason()} says which rule was broken; the message text
 * names expected and actual values (never key material). Per the MTProto security guidelines such a message must be
 * ignored by a client; a server answers some reasons with {@code bad_msg_notification} ({@link
 * Reason#badMsgCode()}), which is why the offending msg_id and seqno are kept when known.
 */
public final class InvalidMessageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which validation rule was broken. */
    public enum Reason {
        /** Fewer bytes than the fixed header, or not a multiple of the required block. */
        TRUNCATED(0),
        /** An unencrypted message carried a non-zero auth_key_id, or an encrypted one an unknown key id. */
        AUTH_KEY_ID(0),
        /** The declared message_data_length is negative, not a multiple of 4, or runs past the data. */
        LENGTH(0),
        /** Padding outside 12..1024 bytes or a total not a multiple of 16. */
        PADDING(0),
        /** session_id differs from the session's. */
        SESSION_ID(0),
        /** msg_id parity does not match the sender (client ids % 4 == 0, server ids % 4 == 1 or 3). */
        MSG_ID_PARITY(18),
        /** msg_id more than 300 s behind the corrected clock. */
        MSG_ID_TOO_OLD(16),
        /** msg_id more than 30 s ahead of the corrected clock. */
        MSG_ID_TOO_NEW(17),
        /** msg_id already seen (replay) or below the oldest one still remembered. */
        REPLAY(0);

        private final int badMsgCode;

        Reason(int badMsgCode) {
            this.badMsgCode = badMsgCode;
        }

        /** The {@code bad_msg_notification} error_code a server would answer with, or 0 when it just drops it. */
        public int badMsgCode() {
            return badMsgCode;
        }
    }

    private final Reason reason;
    private final long msgId;
    private final int seqNo;

    public InvalidMessageException(Reason reason, String message) {
        this(reason, message, 0, 0);
    }

    public InvalidMessageException(Reason reason, String message, long msgId, int seqNo) {
        super(reason + ": " + message);
        this.reason = reason;
        this.msgId = msgId;
        this.seqNo = seqNo;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending msg_id, or 0 when it was not read. */
    public long msgId() {
        return msgId;
    }

    /** The offending seqno, or 0 when it was not read. */
    public int seqNo() {
        return seqNo;
    }
}
