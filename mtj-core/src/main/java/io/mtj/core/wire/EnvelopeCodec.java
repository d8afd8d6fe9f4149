package io.mtj.core.wire;

import io.mtj.core.wire.InvalidMessageException.Reason;
import io.mtj.crypto.MessageCipher;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and validates the plaintext of encrypted MTProto 2.0 messages ({@link Envelope} plus padding), for both
 * directions: the client and the test DC use the same code. Encryption (msg_key, AES-IGE) is done by the crypto
 * module on the bytes this class produces and returns.
 *
 * <p>Layout (little-endian):
 *
 * <pre>
 * 0x00 salt        long
 * 0x08 session_id  long
 * 0x10 msg_id      long
 * 0x18 seq_no      int
 * 0x1c length      int   (multiple of 4)
 * 0x20 body        length bytes
 *      padding     12..1024 random bytes, so that the total is a multiple of 16
 * </pre>
 *
 * <p>{@link #encode} pads with the least padding of at least 12 bytes reaching a multiple of 16, plus
 * 0..{@code extraBlocks} random extra 16-byte blocks. Padding bytes come from the given {@link RandomGenerator},
 * so a fixed generator gives identical bytes.
 *
 * <p>{@link #decode} checks, in this order, and throws {@link InvalidMessageException} with the matching {@link
 * Reason}: total length at least 0x2c and a multiple of 16 (TRUNCATED / PADDING); declared length a non-negative
 * multiple of 4 that fits (LENGTH); padding 12..1024 (PADDING); session_id when one is expected (SESSION_ID); msg_id
 * parity of the sender (MSG_ID_PARITY); msg_id within 300 s past / 30 s future of the corrected clock when a {@link
 * MsgIdGenerator} is given (MSG_ID_TOO_OLD / MSG_ID_TOO_NEW). Replays are checked separately by {@link ReplayGuard}.
 * The body is never allocated from the declared length before it has been checked against the actual data.
 */
public final class EnvelopeCodec {
    /** salt + session_id + msg_id + seq_no + length. */
    public static final int HEADER_SIZE = 32;

    public static final int MIN_PADDING = 12;
    public static final int MAX_PADDING = 1024;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private EnvelopeCodec() {}

    /** Encodes with the minimal padding (12..27 bytes). */
    public static byte[] encode(Envelope envelope, RandomGenerator random) {
        return encode(envelope, random, 0);
    }

    /**
     * Encodes {@code envelope} and appends random padding: the minimum (12..27 bytes) plus a random number of extra
     * 16-byte blocks between 0 and {@code extraBlocks} (capped so padding stays within 1024), as chosen by {@link
     * MessageCipher#paddingLength(int, int, RandomGenerator)}.
     *
     * @throws IllegalArgumentException if the body length is not a multiple of 4
     */
    public static byte[] encode(Envelope envelope, RandomGenerator random, int extraBlocks) {
        byte[] body = envelope.body();
        if ((body.length & 3) != 0) {
            throw new IllegalArgumentException(
                    "message body length must be a multiple of 4, got 0x" + Integer.toHexString(body.length));
        }
        int padding = MessageCipher.paddingLength(HEADER_SIZE + body.length, extraBlocks, random);
        byte[] out = new byte[HEADER_SIZE + body.length + padding];
        LONG.set(out, 0x00, envelope.salt());
        LONG.set(out, 0x08, envelope.sessionId());
        LONG.set(out, 0x10, envelope.msgId());
        INT.set(out, 0x18, envelope.seqNo());
        INT.set(out, 0x1c, body.length);
        System.arraycopy(body, 0, out, HEADER_SIZE, body.length);
        byte[] pad = new byte[padding];
        random.nextBytes(pad);
        System.arraycopy(pad, 0, out, HEADER_SIZE + body.length, padding);
        return out;
    }

    /**
     * Decodes and validates a plaintext sent by {@code from} without checking its session id (a server learns the
     * session id from the client's first message).
     *
     * @param clock the receiver's corrected clock for the msg_id window, or null to skip that check
     */
    public static Envelope decode(byte[] plaintext, MsgIdKind.Peer from, @Nullable MsgIdGenerator clock)
            throws InvalidMessageException {
        return decode(plaintext, from, false, 0, clock);
    }

    /**
     * Decodes and validates a plaintext sent by {@code from} in session {@code sessionId}.
     *
     * @param clock the receiver's corrected clock for the msg_id window, or null to skip that check
     */
    public static Envelope decode(byte[] plaintext, MsgIdKind.Peer from, long sessionId, @Nullable MsgIdGenerator clock)
            throws InvalidMessageException {
        return decode(plaintext, from, true, sessionId, clock);
    }

    private static Envelope decode(
            byte[] in, MsgIdKind.Peer from, boolean checkSession, long sessionId, @Nullable MsgIdGenerator clock)
            throws InvalidMessageException {
        if (in.length < HEADER_SIZE + MIN_PADDING) {
            throw new InvalidMessageException(
                    Reason.TRUNCATED,
                    "encrypted message plaintext needs at least 0x2c bytes, got 0x" + Integer.toHexString(in.length));
        }
        if ((in.length & 15) != 0) {
            throw new InvalidMessageException(
                    Reason.PADDING,
                    "encrypted message plaintext length 0x" + Integer.toHexString(in.length)
                            + " is not a multiple of 16");
        }
        long salt = (long) LONG.get(in, 0x00);
        long session = (long) LONG.get(in, 0x08);
        long msgId = (long) LONG.get(in, 0x10);
        int seqNo = (int) INT.get(in, 0x18);
        int length = (int) INT.get(in, 0x1c);
        int room = in.length - HEADER_SIZE;
        if (length < 0 || (length & 3) != 0 || length > room - MIN_PADDING) {
            throw new InvalidMessageException(
                    Reason.LENGTH,
                    "message_data_length at offset 0x1c is 0x" + Integer.toHexString(length)
                            + ", expected a multiple of 4 between 0x0 and 0x" + Integer.toHexString(room - MIN_PADDING),
                    msgId,
                    seqNo);
        }
        int padding = room - length;
        if (padding > MAX_PADDING) {
            throw new InvalidMessageException(
                    Reason.PADDING,
                    "padding of 0x" + Integer.toHexString(padding) + " bytes after the body at offset 0x"
                            + Integer.toHexString(HEADER_SIZE + length) + " exceeds the maximum 0x400",
                    msgId,
                    seqNo);
        }
        if (checkSession && session != sessionId) {
            throw new InvalidMessageException(
                    Reason.SESSION_ID, "session_id at offset 0x8 does not match this session's id", msgId, seqNo);
        }
        if (!MsgIdKind.sentBy(msgId, from)) {
            throw new InvalidMessageException(
                    Reason.MSG_ID_PARITY,
                    "msg_id 0x" + Long.toHexString(msgId) + " has low bits " + (msgId & 3) + ", not those of a "
                            + from.name().toLowerCase(Locale.ROOT) + " message",
                    msgId,
                    seqNo);
        }
        if (clock != null) {
            switch (clock.checkWindow(msgId)) {
                case TOO_OLD ->
                    throw new InvalidMessageException(
                            Reason.MSG_ID_TOO_OLD,
                            "msg_id 0x" + Long.toHexString(msgId) + " (" + MsgIdGenerator.toInstant(msgId)
                                    + ") is more than 300 s behind the corrected clock (" + clock.now() + ")",
                            msgId,
                            seqNo);
                case TOO_NEW ->
                    throw new InvalidMessageException(
                            Reason.MSG_ID_TOO_NEW,
                            "msg_id 0x" + Long.toHexString(msgId) + " (" + MsgIdGenerator.toInstant(msgId)
                                    + ") is more than 30 s ahead of the corrected clock (" + clock.now() + ")",
                            msgId,
                            seqNo);
                case OK -> {}
            }
        }
        return new Envelope(salt, session, msgId, seqNo, Arrays.copyOfRange(in, HEADER_SIZE, HEADER_SIZE + length));
    }
}
