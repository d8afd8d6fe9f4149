package io.mtj.bench;

import io.mtj.transport.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * A single-threaded in-memory wire: what is written is read back in order. A ring of fixed
 * capacity, so a benchmark's steady state allocates nothing.
 */
public final class MemoryPipe implements Wire {
    private final byte[] ring;
    private long written;
    private long read;

    public MemoryPipe(int capacity) {
        ring = new byte[capacity];
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int available = (int) (written - read);
        if (available == 0) {
            throw new EOFException("pipe empty: the benchmark read more than it wrote");
        }
        int n = Math.min(len, available);
        int pos = (int) (read % ring.length);
        int first = Math.min(n, ring.length - pos);
        System.arraycopy(ring, pos, buf, off, first);
        System.arraycopy(ring, 0, buf, off + first, n - first);
        read += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (written - read + len > ring.length) {
            throw new IOException("pipe full: " + len + " more bytes do not fit " + ring.length);
        }
        int pos = (int) (written % ring.length);
        int first = Math.min(len, ring.length - pos);
        System.arraycopy(buf, off, ring, pos, first);
        System.arraycopy(buf, off + first, ring, 0, len - first);
        written += len;
    }

    @Override
    public void flush() {}

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public void close() {}
}
