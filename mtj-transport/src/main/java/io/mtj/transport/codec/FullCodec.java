package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * Full framing: no tag; each frame is a 4-byte little-endian length (counting the 12 bytes of
 * length, sequence number and CRC), a 4-byte sequence number counted per direction from 0, the
 * payload, and a CRC32 over length, sequence number and payload. The receiver checks both the
 * sequence number and the CRC.
 *
 * <p>Quick acks: the client sets bit 31 of the length (the CRC covers the bytes as sent); the server
 * answers with a bare 4-byte little-endian token with bit 31 set, which takes no sequence number.
 */
public final class FullCodec extends FrameCodec {
    /** Length, sequence number and CRC. */
    public static final int OVERHEAD = 12;

    private final CRC32 txCrc = new CRC32();
    private final CRC32 rxCrc = new CRC32();
    private int txSeq;
    private int rxSeq;

    /**
     * Creates a full-framing codec (length, sequence number, CRC32); prefer
     * {@link FrameCodec#of(io.mtj.transport.Framing, Side)}.
     *
     * @param side the end of the connection the codec serves
     * @param maxFrame the largest payload in bytes; at least 4
     * @throws IllegalArgumentException if {@code maxFrame} is below 4
     */
    public FullCodec(Side side, int maxFrame) {
        super(side, maxFrame);
    }

    @Override
    public Framing framing() {
        return Framing.FULL;
    }

    /** The full framing has no tag: nothing is written. */
    @Override
    public void writeTag(Wire wire) {}

    @Override
    public void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException {
        checkSendLength(len, true);
        int total = len + OVERHEAD;
        putIntLe(txHead, 0, quickAck && side == Side.CLIENT ? total | 0x80000000 : total);
        putIntLe(txHead, 4, txSeq++);
        txCrc.reset();
        txCrc.update(txHead, 0, 8);
        txCrc.update(payload, off, len);
        putIntLe(txHead, 8, (int) txCrc.getValue());
        wire.write(txHead, 0, 8);
        wire.write(payload, off, len);
        wire.write(txHead, 8, 4);
    }

    @Override
    public void readFrame(Wire wire, FrameSink sink) throws IOException {
        long start = rxOffset;
        int v = readLengthWord(wire, start);
        if (v < 0 && side == Side.CLIENT) {
            sink.quickAck(v);
            return;
        }
        int total = v & 0x7fffffff;
        if (total < OVERHEAD || (total & 3) != 0) {
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH,
                    start,
                    "full length " + hex(total) + " must be a multiple of 4 and at least 12 (length+seqno+crc)");
        }
        checkMax(total - (long) OVERHEAD, start);
        readPart(wire, rxHead, 4, 4, start, "seqno");
        int seq = intLe(rxHead, 4);
        if (seq != rxSeq) {
            throw new FrameException(
                    FrameException.Fault.BAD_SEQNO, start + 4, "expected seqno " + rxSeq + ", got " + seq);
        }
        rxCrc.reset();
        rxCrc.update(rxHead, 0, 8);
        byte[] payload = new byte[total - OVERHEAD];
        readPart(wire, payload, 0, payload.length, start, "payload");
        rxCrc.update(payload, 0, payload.length);
        long crcOffset = rxOffset;
        readPart(wire, rxHead, 0, 4, start, "crc");
        int got = intLe(rxHead, 0);
        int want = (int) rxCrc.getValue();
        if (got != want) {
            throw new FrameException(
                    FrameException.Fault.BAD_CRC,
                    crcOffset,
                    "crc32 of the frame at " + hex(start) + " is " + hex(Integer.toUnsignedLong(want))
                            + ", the frame says " + hex(Integer.toUnsignedLong(got)));
        }
        rxSeq++;
        deliver(sink, payload, payload.length, v < 0);
    }
}
