package io.mtj.transport;

import java.io.EOFException;

/** The peer closed the stream cleanly between two frames. */
public final class EndOfStream extends EOFException {
    private static final long serialVersionUID = 1L;
    private final long offset;

    public EndOfStream(long offset) {
        super("peer closed the stream after 0x" + Long.toHexString(offset) + " bytes, between frames");
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
