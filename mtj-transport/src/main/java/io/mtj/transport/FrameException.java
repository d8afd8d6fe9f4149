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

    /**
     * What was wrong.
     */
    private final Fault fault;
    /**
     * Where in the received stream the faulty field starts.
     */
    private final long offset;

    /**
     * Creates the exception with a message of the form {@code FAULT at offset 0x...: detail}.
     *
     * @param fault what was wrong
     * @param offset where in the received stream the faulty field starts
     * @param detail what was expected and what came
     */
    public FrameException(Fault fault, long offset, String detail) {
        this(fault, offset, detail, null);
    }

    /**
     * Creates the exception with a cause, for example the timeout behind {@link Fault#STALLED}.
     *
     * @param fault what was wrong
     * @param offset where in the received stream the faulty field starts
     * @param detail what was expected and what came
     * @param cause the underlying failure, or null
     */
    @SuppressWarnings("this-escape") // initCause is Throwable's own final-in-practice setter
    public FrameException(Fault fault, long offset, String detail, @Nullable Throwable cause) {
        super(fault + " at offset 0x" + Long.toHexString(offset) + ": " + detail);
        this.fault = fault;
        this.offset = offset;
        if (cause != null) {
            initCause(cause);
        }
    }

    /**
     * Tells what was wrong.
     *
     * @return the fault, never null
     */
    public Fault fault() {
        return fault;
    }

    /**
     * Tells where the fault is.
     *
     * @return the byte offset in the received stream where the faulty field starts
     */
    public long offset() {
        return offset;
    }
}
