package io.mtj.transport;

import java.net.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * A received byte stream broke the framing's rules. The message names the fault and the byte
 * offset in the stream (hex); the connection is closed when this is thrown and no part of the
 * broken frame is delivered.
 */
public class FrameException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Fault {
        /** The frame announces more payload than the configured maximum. */
        TOO_LARGE,
        /** A length that the framing forbids: zero, misaligned, below the minimum. */
        BAD_LENGTH,
        /** The full framing's CRC32 does not match. */
        BAD_CRC,
        /** The full framing's sequence number is not the expected one. */
        BAD_SEQNO,
        /** The first bytes of a connection name no known framing. */
        UNKNOWN_TAG,
        /** The stream ended inside a frame. */
        TRUNCATED,
        /** The peer sent part of a frame and then nothing for longer than the frame timeout. */
        STALLED
    }

    private final Fault fault;
    private final long offset;

    public FrameException(Fault fault, long offset, String detail) {
        this(fault, offset, detail, null);
    }

    @SuppressWarnings("this-escape") // initCause is Throwable's own final-in-practice setter
    public FrameException(Fault fault, long offset, String detail, @Nullable Throwable cause) {
        super(fault + " at offset 0x" + Long.toHexString(offset) + ": " + detail);
        this.fault = fault;
        this.offset = offset;
        if (cause != null) {
            initCause(cause);
        }
    }

    public Fault fault() {
        return fault;
    }

    /** Byte offset in the received stream where the faulty field starts. */
    public long offset() {
        return offset;
    }
}
