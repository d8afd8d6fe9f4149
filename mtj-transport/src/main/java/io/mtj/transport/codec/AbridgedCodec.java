package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import java.io.IOException;

/**
 * Abridged framing: tag {@code 0xef}; a length of {@code len/4} in one byte when below {@code 0x7f},
 * else {@code 0x7f} and {@code len/4} in three bytes little-endian. The quick-ack bit is the high bit
 * of the first byte; the server's quick-ack token comes as four bytes big-endian with bit 31 set.
 */
public final class AbridgedCodec extends FrameCodec {
    /** Largest payload the 3-byte length can express. */
    public static final int MAX_ENCODABLE = 0xffffff * 4;

    /**
     * Creates an abridged codec; prefer {@link FrameCodec#of(io.mtj.transport.Framing, Side)}.
     *
     * @param side the end of the connection the codec serves
     * @param maxFrame the largest payload in bytes; at least 4
     * @throws IllegalArgumentException if {@code maxFrame} is below 4
     */
    public AbridgedCodec(Side side, int maxFrame) {
        super(side, maxFrame);
    }

    @Override
    public Framing framing() {
        return Framing.ABRIDGED;
    }

    @Override
    public void writeTag(Wire wire) throws IOException {
        txHead[0] = (byte) 0xef;
        wire.write(txHead, 0, 1);
    }

    @Override
    public void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException {
        checkSendLength(len, true);
        if (len > MAX_ENCODABLE) {
            throw new IllegalArgumentException("abridged cannot encode " + len + " bytes; at most " + MAX_ENCODABLE);
        }
        int words = len >>> 2;
        int ack = quickAck && side == Side.CLIENT ? 0x80 : 0;
        if (words < 0x7f) {
            txHead[0] = (byte) (words | ack);
            wire.write(txHead, 0, 1);
        } else {
            txHead[0] = (byte) (0x7f | ack);
            txHead[1] = (byte) words;
            txHead[2] = (byte) (words >>> 8);
            txHead[3] = (byte) (words >>> 16);
            wire.write(txHead, 0, 4);
        }
        wire.write(payload, off, len);
    }

    @Override
    public void writeQuickAck(Wire wire, int token) throws IOException {
        requireSide(Side.SERVER, "a quick ack");
        int t = token | 0x80000000;
        txHead[0] = (byte) (t >>> 24);
        txHead[1] = (byte) (t >>> 16);
        txHead[2] = (byte) (t >>> 8);
        txHead[3] = (byte) t;
        wire.write(txHead, 0, 4);
    }

    @Override
    public void readFrame(Wire wire, FrameSink sink) throws IOException {
        long start = rxOffset;
        int b0 = readFirst(wire);
        boolean ack = (b0 & 0x80) != 0;
        if (ack && side == Side.CLIENT) {
            readPart(wire, rxHead, 1, 3, start, "quick-ack token");
            int token = b0 << 24 | (rxHead[1] & 0xff) << 16 | (rxHead[2] & 0xff) << 8 | (rxHead[3] & 0xff);
            sink.quickAck(token);
            return;
        }
        int words = b0 & 0x7f;
        if (words == 0x7f) {
            readPart(wire, rxHead, 1, 3, start, "3-byte length");
            words = (rxHead[1] & 0xff) | (rxHead[2] & 0xff) << 8 | (rxHead[3] & 0xff) << 16;
        }
        if (words == 0) {
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH, start, "abridged length is 0 (frames carry at least 4 bytes)");
        }
        long len = words * 4L;
        checkMax(len, start);
        byte[] payload = new byte[(int) len];
        readPart(wire, payload, 0, payload.length, start, "payload");
        deliver(sink, payload, payload.length, ack);
    }
}
