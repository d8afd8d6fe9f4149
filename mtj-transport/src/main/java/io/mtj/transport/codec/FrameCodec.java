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

    /** Which end of the connection this codec speaks for; fixed at construction. */
    protected final Side side;

    /** Largest payload, in bytes, this codec writes or accepts; at least 4. */
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

    /**
     * Creates a codec for one framing and one side.
     *
     * @param framing the framing to speak
     * @param side the end of the connection the codec serves
     * @param maxFrame the largest payload in bytes that may be written or read; at least 4
     * @param random the source of padding for padded intermediate; unused by the other framings
     * @return a new codec with an idle timeout of zero (wait forever) and a 30 s frame timeout
     * @throws IllegalArgumentException if {@code maxFrame} is below 4
     */
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

    /**
     * Creates a codec with the {@linkplain #DEFAULT_MAX_FRAME default maximum} and padding drawn from a new
     * {@link SecureRandom}.
     *
     * @param framing the framing to speak
     * @param side the end of the connection the codec serves
     * @return a new codec
     */
    public static FrameCodec of(Framing framing, Side side) {
        return of(framing, side, DEFAULT_MAX_FRAME, new SecureRandom());
    }

    /**
     * Tells which framing this codec speaks.
     *
     * @return the framing, never null
     */
    public abstract Framing framing();

    /**
     * Tells which end of the connection this codec serves.
     *
     * @return the side given at construction
     */
    public Side side() {
        return side;
    }

    /**
     * Tells the largest payload this codec writes or accepts.
     *
     * @return the maximum payload length in bytes
     */
    public int maxFrame() {
        return maxFrame;
    }

    /**
     * Read timeouts: {@code idle} while waiting for a frame's first byte (zero: forever), {@code
     * frame} once a frame has started. They take effect from the next frame read.
     *
     * @param idle how long to wait for a frame to begin; {@link Duration#ZERO} waits forever
     * @param frame how long the peer may stay silent inside a started frame before it counts as stalled
     * @return this codec
     */
    public FrameCodec timeouts(Duration idle, Duration frame) {
        this.idleTimeout = idle;
        this.frameTimeout = frame;
        return this;
    }

    /**
     * Sets where the received stream stands (bytes a detector already consumed), so that offsets named in
     * errors count from the start of the connection.
     *
     * @param offset the number of bytes already received before this codec's first read
     * @return this codec
     */
    public FrameCodec receivedOffset(long offset) {
        this.rxOffset = offset;
        return this;
    }

    /**
     * Tells how many bytes of the received stream have been consumed, counting any set with
     * {@link #receivedOffset(long)}.
     *
     * @return the offset of the next byte to read
     */
    public long receivedOffset() {
        return rxOffset;
    }

    /**
     * Writes the tag a client sends first on a plain (not obfuscated) connection; not flushed.
     *
     * @param wire the connection to write to
     * @throws IOException if the wire fails to take the bytes
     */
    public abstract void writeTag(Wire wire) throws IOException;

    /**
     * Writes one frame (not flushed).
     *
     * @param wire the connection to write to
     * @param payload the array holding the payload
     * @param off where the payload starts in {@code payload}
     * @param len the payload length in bytes; positive, within the framing's rules and the maximum
     * @param quickAck client side: set the quick-ack bit
     * @throws IOException if the wire fails to take the bytes
     * @throws IllegalArgumentException when the length breaks the framing's rules or the maximum
     */
    public abstract void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException;

    /**
     * Server side: writes a quick-ack token (bit 31 is set here). Not flushed. The framings with a 4-byte
     * little-endian length (intermediate, padded, full) send it as that word; abridged overrides this.
     *
     * @param wire the connection to write to
     * @param token the quick-ack token of the packet being acknowledged
     * @throws IOException if the wire fails to take the bytes
     * @throws IllegalStateException if this is a client-side codec
     */
    public void writeQuickAck(Wire wire, int token) throws IOException {
        requireSide(Side.SERVER, "a quick ack");
        putIntLe(txHead, 0, token | 0x80000000);
        wire.write(txHead, 0, 4);
    }

    /**
     * Server side: writes a transport error frame, a negative int32 such as -404. Not flushed.
     *
     * @param wire the connection to write to
     * @param code the error code; must be negative
     * @throws IOException if the wire fails to take the bytes
     * @throws IllegalArgumentException if {@code code} is zero or positive
     */
    public void writeError(Wire wire, int code) throws IOException {
        if (code >= 0) {
            throw new IllegalArgumentException("transport error code must be negative, got " + code);
        }
        byte[] b = {(byte) code, (byte) (code >> 8), (byte) (code >> 16), (byte) (code >> 24)};
        writeFrame(wire, b, 0, 4, false);
    }

    /**
     * Reads the next frame and hands it to {@code sink}: the payload array is the only allocation.
     * Blocks until a whole frame has arrived or a timeout expires.
     *
     * @param wire the connection to read from
     * @param sink receives the payload (or, client side, the quick-ack token) once the frame is complete
     * @throws EOFException the stream ended cleanly between frames
     * @throws TransportException client side: the server sent a negative error code
     * @throws FrameException a malformed, oversized, truncated or stalled frame
     */
    public abstract void readFrame(Wire wire, FrameSink sink) throws IOException;

    /**
     * Reads the next frame as a {@link Frame} object; otherwise exactly {@link #readFrame(Wire,
     * FrameSink)}.
     *
     * @param wire the connection to read from
     * @return the frame read, never null
     * @throws IOException as {@link #readFrame(Wire, FrameSink)} throws it
     */
    public final Frame readFrame(Wire wire) throws IOException {
        readFrame(wire, capture);
        return capture.take();
    }

    // ---- helpers shared by the framings ----

    /**
     * Reads a frame's first byte with the idle timeout, then switches the wire to the frame timeout.
     *
     * @param wire the connection to read from
     * @return the byte, 0 to 255
     * @throws EndOfStream if the stream ended cleanly before the byte
     * @throws IOException if the wire fails, or the idle timeout expires
     */
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
     *
     * @param wire the connection to read from
     * @param frameStart the stream offset where this frame began, named in errors
     * @return the length word as a signed int
     * @throws IOException if the stream ends, stalls or fails before the four bytes arrive
     */
    protected final int readLengthWord(Wire wire, long frameStart) throws IOException {
        rxHead[0] = (byte) readFirst(wire);
        readPart(wire, rxHead, 1, 3, frameStart, "length");
        return intLe(rxHead, 0);
    }

    /**
     * Reads exactly {@code len} bytes of a started frame, mapping EOF and timeouts to faults.
     *
     * @param wire the connection to read from
     * @param buf where the bytes go
     * @param off where in {@code buf} the first byte goes
     * @param len how many bytes to read
     * @param frameStart the stream offset where this frame began, named in errors
     * @param what the part of the frame being read, named in errors (for example "length")
     * @throws FrameException {@code TRUNCATED} if the stream ends first, {@code STALLED} if the frame timeout expires
     * @throws IOException if the wire fails
     */
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

    /**
     * Checks a received length against the maximum before anything is allocated for it.
     *
     * @param length the declared payload length in bytes
     * @param fieldOffset the stream offset of the length field, named in the error
     * @throws FrameTooLargeException if {@code length} exceeds {@link #maxFrame}
     */
    protected final void checkMax(long length, long fieldOffset) throws FrameTooLargeException {
        if (length > maxFrame) {
            throw new FrameTooLargeException(fieldOffset, length, maxFrame);
        }
    }

    /**
     * Hands a packet to the sink; client side, a 4-byte packet holding a negative int is the server's
     * error code and is thrown instead.
     *
     * @param sink the receiver of the packet
     * @param payload the payload array, handed over without a copy
     * @param len the payload length in bytes
     * @param quickAckRequested whether the sender asked for a quick ack
     * @throws TransportException client side, when the packet is a transport error code
     * @throws IOException if the sink throws it
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

    /**
     * Checks an outgoing payload length against the framing's rules and the maximum.
     *
     * @param len the payload length in bytes
     * @param multipleOf4 whether the framing needs lengths divisible by 4
     * @throws IllegalArgumentException if the length is empty, misaligned or too large
     */
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

    /**
     * Checks that this codec serves the side that may send something.
     *
     * @param wanted the side allowed to send it
     * @param what what is being sent, named in the error
     * @throws IllegalStateException if this codec serves the other side
     */
    protected final void requireSide(Side wanted, String what) {
        if (side != wanted) {
            throw new IllegalStateException(what + " is only sent by the " + wanted + " side");
        }
    }

    /**
     * Reads a little-endian int32.
     *
     * @param b the array
     * @param off the offset of the lowest byte
     * @return the value
     */
    protected static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /**
     * Writes a little-endian int32.
     *
     * @param b the array
     * @param off the offset of the lowest byte
     * @param v the value
     */
    protected static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /**
     * Formats a value for error messages.
     *
     * @param v the value
     * @return the value in hexadecimal with a {@code 0x} prefix
     */
    protected static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
