package io.mtj.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * An unencrypted MTProto message, used only during the key exchange: {@code auth_key_id:long = 0, message_id:long,
 * message_data_length:int, message_data}.
 *
 * @param msgId the message id
 * @param body the serialized boxed TL object
 */
public record PlainMessage(long msgId, byte[] body) {
    public PlainMessage {
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlainMessage other && msgId == other.msgId && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(msgId) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "PlainMessage[msgId=0x" + Long.toHexString(msgId) + ", body=byte[" + body.length + "]]";
    }
}
