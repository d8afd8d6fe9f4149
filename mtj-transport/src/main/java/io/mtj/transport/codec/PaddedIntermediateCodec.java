package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * Padded intermediate framing: tag {@code 0xdddddddd}; as intermediate, but the sender appends 0..15
 * random bytes and counts them in the length, so lengths need not be multiples of 4.
 *
 * <p>The framing itself does not say where the payload ends. Like Telegram's servers, the receiver
 * strips the padding from the MTProto packet's own structure:
 *
 * <ul>
 *   <li>an unencrypted packet (auth_key_id 0) is 20 bytes of header plus its message_data_length;
 *   <li>an encrypted packet is 24 bytes of header plus a multiple of 16;
 *   <li>anything shorter than 20 bytes (a 4-byte error code) is cut to a multiple of 4, and to 4
 *       bytes when it starts with a negative int32.
 * </ul>
 *
 * So payloads sent through this framing must be MTProto packets (or error codes).
 */
public final class PaddedIntermediateCodec extends FrameCodec {
    private final RandomGenerator random;
    /** Bytes of an unencrypted packet's header: auth_key_id, msg_id, message_data_length. */
    private static final int HEAD = 20;

    private final byte[] padding = new byte[16];
    private final byte[] rxPacketHead = new byte[HEAD];
    private final byte[] rxPadding = new byte[16];

    /**
     * Creates a padded intermediate codec; prefer
     * {@link FrameCodec#of(io.mtj.transport.Framing, Side, int, RandomGenerator)}.
     *
     * @param side the end of the connection the codec serves
     * @param maxFrame the largest payload in bytes; at least 4
     * @param random the source of the random padding added to each frame sent
     * @throws IllegalArgumentException if {@code maxFrame} is below 4
     */
    public PaddedIntermediateCodec(Side side, int maxFrame, RandomGenerator random) {
        super(side, maxFrame);
        this.random = random;
    }

    @Override
    public Framing framing() {
        return Framing.PADDED_INTERMEDIATE;
    }

    @Override
    public void writeTag(Wire wire) throws IOException {
        putIntLe(txHead, 0, 0xdddddddd);
        wire.write(txHead, 0, 4);
    }

    @Override
    public void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException {
        checkSendLength(len, true);
        int pad = random.nextInt(16);
        int total = len + pad;
        putIntLe(txHead, 0, quickAck && side == Side.CLIENT ? total | 0x80000000 : total);
        wire.write(txHead, 0, 4);
        wire.write(payload, off, len);
        if (pad > 0) {
            random.nextBytes(padding);
            wire.write(padding, 0, pad);
        }
    }

    @Override
    public void readFrame(Wire wire, FrameSink sink) throws IOException {
        long start = rxOffset;
        int v = readLengthWord(wire, start);
        if (v < 0 && side == Side.CLIENT) {
            sink.quickAck(v);
            return;
        }
        int len = v & 0x7fffffff;
        if (len < 4) {
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH, start, "padded intermediate length " + hex(len) + " is below 4");
        }
        // the padding is at most 15 bytes, so the payload alone must fit the maximum
        checkMax(len - 15L, start);
        // the packet's own header (its first 20 bytes) tells where the padding starts, so the
        // payload array is allocated at its final size and the padding is read into scratch
        int head = Math.min(len, HEAD);
        readPart(wire, rxPacketHead, 0, head, start, "payload");
        int keep = payloadLength(rxPacketHead, len);
        byte[] payload = new byte[keep];
        System.arraycopy(rxPacketHead, 0, payload, 0, Math.min(head, keep));
        if (keep > head) {
            readPart(wire, payload, head, keep - head, start, "payload");
        }
        int skip = len - Math.max(head, keep);
        if (skip > 0) {
            readPart(wire, rxPadding, 0, skip, start, "padding");
        }
        deliver(sink, payload, keep, v < 0);
    }

    /**
     * Where the MTProto packet inside a padded frame of {@code n} bytes ends (see the class comment),
     * from the frame's first {@code min(n, 20)} bytes.
     */
    static int payloadLength(byte[] head, int n) {
        if (n < HEAD) {
            return intLe(head, 0) < 0 ? 4 : n & ~3;
        }
        boolean unencrypted = true;
        for (int i = 0; i < 8; i++) {
            unencrypted &= head[i] == 0;
        }
        if (unencrypted) {
            long declared = 20L + Integer.toUnsignedLong(intLe(head, 16));
            return declared <= n && declared > n - 16 ? (int) declared : n & ~3;
        }
        if (n < 24) {
            return n & ~3;
        }
        return 24 + ((n - 24) & ~15);
    }
}
