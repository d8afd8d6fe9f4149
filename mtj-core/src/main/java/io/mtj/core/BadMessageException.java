package io.mtj.core;

import java.io.IOException;

/**
 * The server rejected a message with {@code bad_msg_notification} whose code the session cannot repair by itself
 * (anything but 16/17 time corrections and 48 salt corrections), so the pending call fails with it.
 */
public final class BadMessageException extends IOException {
    private static final long serialVersionUID = 1L;
    /** The bad_msg_notification error code. */
    private final int errorCode;

    /**
     * The server refused one of our messages with {@code bad_msg_notification}.
     *
     * @param errorCode the notification's error code (16, 17, 18, 19, 20, 32, 33, 34, 35, 48, 64)
     * @param badMsgId the msg_id of the refused message
     */
    public BadMessageException(int errorCode, long badMsgId) {
        super("bad_msg_notification " + errorCode + " for msg_id 0x" + Long.toHexString(badMsgId) + ": "
                + describe(errorCode));
        this.errorCode = errorCode;
    }

    /** {@return the bad_msg_notification error code} */
    public int errorCode() {
        return errorCode;
    }

    /**
     * The meaning of a bad_msg_notification code (core.telegram.org/mtproto/service_messages_about_messages).
     *
     * @param code a bad_msg_notification error code
     * @return its meaning in a few words; an unknown code is named as such
     */
    public static String describe(int code) {
        return switch (code) {
            case 16 -> "msg_id too low (client time behind the server's)";
            case 17 -> "msg_id too high (client time ahead of the server's)";
            case 18 -> "incorrect two lower order msg_id bits";
            case 19 -> "container msg_id is the same as the msg_id of a previously received message";
            case 20 -> "message too old, it cannot be verified whether the server received it";
            case 32 -> "msg_seqno too low";
            case 33 -> "msg_seqno too high";
            case 34 -> "an even msg_seqno expected (irrelevant message), but odd received";
            case 35 -> "odd msg_seqno expected (relevant message), but even received";
            case 48 -> "incorrect server salt";
            case 64 -> "invalid container";
            default -> "unknown code";
        };
    }
}
