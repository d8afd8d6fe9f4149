package io.mtj.transport;

import java.io.EOFException;

/** The peer closed the stream cleanly between two frames. */
public final class EndOfStream extends EOFException {
    private static final long serialVersionUID = 1L;
    /**
     * Bytes received before the end.
     */
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param offset how many bytes the stream had delivered when it ended
     */
    public EndOfStream(long offset) {
        super("peer closed the stream after 0x" + Long.toHexString(offset) + " bytes, between frames");
        this.offset = offset;
    }

    /**
     * Tells where the stream ended.
     *
     * @return the number of bytes received before the clean end
     */
    public long offset() {
        return offset;
    }
}
