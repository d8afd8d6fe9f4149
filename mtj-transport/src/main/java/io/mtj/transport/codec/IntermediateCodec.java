package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.Wire;
import java.io.IOException;

/**
 * Intermediate framing: tag {@code 0xeeeeeeee}; a 4-byte little-endian length, a multiple of 4,
 * then the payload. Bit 31 of the length is the quick-ack bit; the server's token comes as a
 * 4-byte little-endian int with bit 31 set.
 */
public final class IntermediateCodec extends FrameCodec {
    /**
     * Creates an intermediate codec; prefer {@link FrameCodec#of(io.mtj.transport.Framing, Side)}.
     *
     * @param side the end of the connection the codec serves
     * @param maxFrame the largest payload in bytes; at least 4
     * @throws IllegalArgumentException if {@code maxFrame} is below 4
     */
    public IntermediateCodec(Side side, int maxFrame) {
        super(side, maxFrame);
    }

    @Override
    public Framing framing() {
        return Framing.INTERMEDIATE;
    }

    @Override
    public void writeTag(Wire wire) throws IOException {
        putIntLe(txHead, 0, 0xeeeeeeee);
        wire.write(txHead, 0, 4);
    }

    @Override
    public void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException {
        checkSendLength(len, true);
        putIntLe(txHead, 0, quickAck && side == Side.CLIENT ? len | 0x80000000 : len);
        wire.write(txHead, 0, 4);
        wire.write(payload, off, len);
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
        if (len == 0 || (len & 3) != 0) {
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH,
                    start,
                    "intermediate length " + hex(len) + " is not a positive multiple of 4");
        }
        checkMax(len, start);
        byte[] payload = new byte[len];
        readPart(wire, payload, 0, len, start, "payload");
        deliver(sink, payload, len, v < 0);
    }
}
