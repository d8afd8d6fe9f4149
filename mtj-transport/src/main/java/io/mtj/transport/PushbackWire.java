package io.mtj.transport;

import java.io.IOException;

/**
 * A wire that first replays bytes already read from the wire below (for example by protocol
 * detection), then reads on from it. Writes go straight down.
 */
public final class PushbackWire extends ForwardingWire {
    private final byte[] pending;
    private int pos;

    /**
     * Creates a wire that reads {@code pending} first.
     *
     * @param below the wire the bytes came from; this wire owns it
     * @param pending the bytes to replay; copied, may be empty
     */
    public PushbackWire(Wire below, byte[] pending) {
        super(below);
        this.pending = pending.clone();
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (pos < pending.length) {
            int n = Math.min(len, pending.length - pos);
            System.arraycopy(pending, pos, buf, off, n);
            pos += n;
            return n;
        }
        return below.read(buf, off, len);
    }
}
