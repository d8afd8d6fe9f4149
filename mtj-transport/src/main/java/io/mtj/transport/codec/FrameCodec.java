package io.mtj.transport.codec;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.Frame;
import io.mtj.transport.FrameCapture;
import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.FrameTooLargeException;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportException;
import io.mtj.transport.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * One framing over a {@link Wire}, for one connection and one side. Writing and reading keep
 * separate state, so one thread may write while another reads; each direction must be serialised
 * by the caller.
 *
 * <p>Reading is bounded: a frame's length is checked against the framing's rules and the maximum
 * before its buffer is allocated. While a frame is partly read the wire's read timeout is the
 * frame timeout; between frames it is the idle timeout (zero: wait forever).
 */
public abstract sealed class FrameCodec
        permits AbridgedCodec, IntermediateCodec, PaddedIntermediateCodec, FullCodec, HttpCodec {
    /** Default maximum payload: 4 MiB, well above MTProto's 1 MiB file parts. */
    public static final int DEFAULT_MAX_FRAME = 4 << 20;

    protected final Side side;
    protected final int maxFrame;
    private Duration idleTimeout = Duration.ZERO;
    private Duration frameTimeout = Duration.ofSeconds(30);
    private boolean inFrame = true;
    private final FrameCapture capture = new FrameCapture();

    /** Offset in the received stream of the next byte to read. */
    protected long rxOffset;

    /** Scratch for headers, reused for every frame (read side). */
    protected final byte[] rxHead = new byte[8];

    /** Scratch for headers, reused for every frame (write side). */
    protected final byte[] txHead = new byte[16];

    /** The transport closed: a codec that waits for something (HTTP's held answers) stops waiting. */
    public void closed() {}

    FrameCodec(Side side, int maxFrame) {
        if (maxFrame < 4) {
            throw new IllegalArgumentException("max frame must be at least 4 bytes, got " + maxFrame);
        }
        this.side = side;
        this.maxFrame = maxFrame;
    }

    /** A codec for {@code framing}; padded intermediate draws its padding from {@code random}. */
    public static FrameCodec of(Framing framing, Side side, int maxFrame, RandomGenerator random) {
        return switch (framing) {
            case ABRIDGED -> new AbridgedCodec(side, maxFrame);
            case INTERMEDIATE -> new IntermediateCodec(side, maxFrame);
            case PADDED_INTERMEDIATE -> new PaddedIntermediateCodec(side, maxFrame, random);
            case FULL -> new FullCodec(side, maxFrame);
            case HTTP ->
                side == Side.CLIENT ? HttpCodec.client("localhost", null, null, maxFrame) : HttpCodec.server(maxFrame);
        };
    }

    public static FrameCodec of(Framing framing, Side side) {
        return of(framing, side, DEFAULT_MAX_FRAME, new SecureRandom());
    }

    public abstract Framing framing();

    public Side side() {
        return side;
    }

    public int maxFrame() {
        return maxFrame;
    }

    /**
     * Read timeouts: {@code idle} while waiting for a frame's first byte (zero: forever), {@code
     * frame} once a frame has started.
     */
    public FrameCodec timeouts(Duration idle, Duration frame) {
        this.idleTimeout = idle;
        this.frameTimeout = frame;
        return this;
    }

    /** Sets where the received stream stands (bytes a detector already consumed), for offsets in errors. */
    public FrameCodec receivedOffset(long offset) {
        this.rxOffset = offset;
        return this;
    }

    public long receivedOffset() {
        return rxOffset;
    }

    /** Writes the tag a client sends first on a plain (not obfuscated) connection; not flushed. */
    public abstract void writeTag(Wire wire) throws IOException;

    /**
     * Writes one frame (not flushed).
     *
     * @param quickAck client side: set the quick-ack bit
     * @throws IllegalArgumentException when the length breaks the framing's rules or the maximum
     */
    public abstract void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException;

    /**
     * Server side: writes a quick-ack token (bit 31 is set here). Not flushed. The framings with a 4-byte
     * little-endian length (intermediate, padded, full) send it as that word; abridged overrides this.
     */
    public void writeQuickAck(Wire wire, int token) throws IOException {
        requireSide(Side.SERVER, "a quick ack");
        putIntLe(txHead, 0, token | 0x80000000);
        wire.write(txHead, 0, 4);
    }

    /** Server side: writes a transport error frame, a negative int32 such as -404. Not flushed. */
    public void writeError(Wire wire, int code) throws IOException {
        if (code >= 0) {
            throw new IllegalArgumentException("transport error code must be negative, got " + code);
        }
        byte[] b = {(byte) code, (byte) (code >> 8), (byte) (code >> 16), (byte) (code >> 24)};
        writeFrame(wire, b, 0, 4, false);
    }

    /**
     * Reads the next frame and hands it to {@code sink}: the payload array is the only allocation.
     *
     * @throws EOFException the stream ended cleanly between frames
     * @throws TransportException client side: the server sent a negative error code
     * @throws FrameException a malformed, oversized, truncated or stalled frame
     */
    public abstract void readFrame(Wire wire, FrameSink sink) throws IOException;

    /**
     * Reads the next frame as a {@link Frame} object; otherwise exactly {@link #readFrame(Wire,
     * FrameSink)}.
     */
    public final Frame readFrame(Wire wire) throws IOException {
        readFrame(wire, capture);
        return capture.take();
    }

    // ---- helpers shared by the framings ----

    /** Reads a frame's first byte with the idle timeout; -1 at a clean end of stream. */
    protected final int readFirst(Wire wire) throws IOException {
        if (inFrame) {
            wire.readTimeout(idleTimeout);
            inFrame = false;
        }
        int n = wire.read(rxHead, 0, 1);
        if (n < 0) {
            throw new EndOfStream(rxOffset);
        }
        wire.readTimeout(frameTimeout);
        inFrame = true;
        rxOffset++;
        return rxHead[0] & 0xff;
    }

    /**
     * Reads a frame's 4-byte little-endian length word (intermediate, padded, full) into {@code rxHead[0..4)}
     * and returns it; negative when bit 31 (quick ack) is set.
     */
    protected final int readLengthWord(Wire wire, long frameStart) throws IOException {
        rxHead[0] = (byte) readFirst(wire);
        readPart(wire, rxHead, 1, 3, frameStart, "length");
        return intLe(rxHead, 0);
    }

    /** Reads exactly {@code len} bytes of a started frame, mapping EOF and timeouts to faults. */
    protected final void readPart(Wire wire, byte[] buf, int off, int len, long frameStart, String what)
            throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = wire.read(buf, off + done, len - done);
            } catch (SocketTimeoutException e) {
                throw new FrameException(
                        FrameException.Fault.STALLED,
                        rxOffset,
                        "peer sent nothing for " + frameTimeout.toMillis() + " ms inside the frame at 0x"
                                + Long.toHexString(frameStart) + " while reading " + what + " (" + done + " of "
                                + len + " bytes)",
                        e);
            }
            if (n < 0) {
                throw new FrameException(
                        FrameException.Fault.TRUNCATED,
                        rxOffset,
                        "stream ended inside the frame at 0x" + Long.toHexString(frameStart) + " while reading " + what
                                + " (" + done + " of " + len + " bytes)");
            }
            done += n;
            rxOffset += n;
        }
    }

    protected final void checkMax(long length, long fieldOffset) throws FrameTooLargeException {
        if (length > maxFrame) {
            throw new FrameTooLargeException(fieldOffset, length, maxFrame);
        }
    }

    /**
     * Hands a packet to the sink; client side, a 4-byte packet holding a negative int is the server's
     * error code and is thrown instead.
     */
    protected final void deliver(FrameSink sink, byte[] payload, int len, boolean quickAckRequested)
            throws IOException {
        if (side == Side.CLIENT && len == 4) {
            int v = intLe(payload, 0);
            if (v < 0) {
                throw new TransportException(v);
            }
        }
        sink.packet(payload, quickAckRequested);
    }

    protected final void checkSendLength(int len, boolean multipleOf4) {
        if (len <= 0) {
            throw new IllegalArgumentException(framing() + " payload must not be empty");
        }
        if (multipleOf4 && (len & 3) != 0) {
            throw new IllegalArgumentException(framing() + " payload length must be a multiple of 4, got " + len);
        }
        if (len > maxFrame) {
            throw new IllegalArgumentException(
                    framing() + " payload of " + len + " bytes exceeds the maximum of " + maxFrame);
        }
    }

    protected final void requireSide(Side wanted, String what) {
        if (side != wanted) {
            throw new IllegalStateException(what + " is only sent by the " + wanted + " side");
        }
    }

    protected static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    protected static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    protected static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
