package io.mtj.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * A wire that first replays bytes already read from the wire below (for example by protocol
 * detection), then reads on from it. Writes go straight down.
 */
public final class PushbackWire implements Wire {
    private final Wire below;
    private final byte[] pending;
    private int pos;

    public PushbackWire(Wire below, byte[] pending) {
        this.below = below;
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

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        below.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
        below.flush();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        below.readTimeout(timeout);
    }

    @Override
    public void close() throws IOException {
        below.close();
    }
}
