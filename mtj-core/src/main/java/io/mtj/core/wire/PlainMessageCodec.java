package io.mtj.core.wire;

import io.mtj.core.wire.InvalidMessageException.Reason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes and decodes {@link PlainMessage}s, the unencrypted messages of the key exchange. One codec for both
 * directions: the client writes req_pq_multi with it and reads resPQ, the test DC does the opposite.
 *
 * <p>Layout (little-endian): {@code 00 00 00 00 00 00 00 00 | msg_id (8) | length (4) | body (length)}.
 *
 * <p>{@link #decode} checks that auth_key_id is zero, that the declared length is a non-negative multiple of 4 that
 * exactly fills the packet, and that the msg_id has the parity of the expected sender. It does not check the time
 * window: during the key exchange the clock offset is not known yet.
 */
public final class PlainMessageCodec {
    /** auth_key_id + msg_id + length. */
    public static final int HEADER_SIZE = 20;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private PlainMessageCodec() {}

    /** The packet bytes of {@code message}. */
    public static byte[] encode(PlainMessage message) {
        byte[] body = message.body();
        byte[] out = new byte[HEADER_SIZE + body.length];
        LONG.set(out, 8, message.msgId());
        INT.set(out, 16, body.length);
        System.arraycopy(body, 0, out, HEADER_SIZE, body.length);
        return out;
    }

    /**
     * Decodes a packet sent by {@code from}.
     *
     * @throws InvalidMessageException with reason TRUNCATED, AUTH_KEY_ID, LENGTH or MSG_ID_PARITY
     */
    public static PlainMessage decode(byte[] packet, MsgIdKind.Peer from) throws InvalidMessageException {
        if (packet.length < HEADER_SIZE) {
            throw new InvalidMessageException(
                    Reason.TRUNCATED,
                    "unencrypted message needs at least 0x14 bytes, got 0x" + Integer.toHexString(packet.length));
        }
        long authKeyId = (long) LONG.get(packet, 0);
        if (authKeyId != 0) {
            throw new InvalidMessageException(
                    Reason.AUTH_KEY_ID, "unencrypted message must have auth_key_id 0, got a non-zero id at offset 0x0");
        }
        long msgId = (long) LONG.get(packet, 8);
        int length = (int) INT.get(packet, 16);
        int available = packet.length - HEADER_SIZE;
        if (length != available || (length & 3) != 0) {
            throw new InvalidMessageException(
                    Reason.LENGTH,
                    "unencrypted message_data_length at offset 0x10 is 0x" + Integer.toHexString(length)
                            + ", expected 0x" + Integer.toHexString(available)
                            + " (the rest of the packet, a multiple of 4)",
                    msgId,
                    0);
        }
        if (!MsgIdKind.sentBy(msgId, from)) {
            throw new InvalidMessageException(
                    Reason.MSG_ID_PARITY,
                    "msg_id 0x" + Long.toHexString(msgId) + " has low bits " + (msgId & 3) + ", not those of a "
                            + from.name().toLowerCase(java.util.Locale.ROOT) + " message",
                    msgId,
                    0);
        }
        return new PlainMessage(msgId, Arrays.copyOfRange(packet, HEADER_SIZE, packet.length));
    }
}
