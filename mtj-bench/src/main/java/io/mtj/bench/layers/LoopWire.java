package io.mtj.bench.layers;

import io.mtj.transport.Wire;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/** Bytes written come back out of read, in order, from a fixed ring (no allocation per call). */
final class LoopWire implements Wire {
    private final byte[] ring;
    private int head;
    private int count;

    LoopWire(int capacity) {
        ring = new byte[capacity];
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (count == 0) {
            throw new EOFException("nothing buffered: more was read than written");
        }
        int n = Math.min(len, Math.min(count, ring.length - head));
        System.arraycopy(ring, head, buf, off, n);
        head = (head + n) % ring.length;
        count -= n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (count + len > ring.length) {
            throw new IOException("ring of " + ring.length + " bytes cannot take " + len + " more");
        }
        int tail = (head + count) % ring.length;
        int first = Math.min(len, ring.length - tail);
        System.arraycopy(buf, off, ring, tail, first);
        System.arraycopy(buf, off + first, ring, 0, len - first);
        count += len;
    }

    @Override
    public void flush() {}

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public void close() {}
}
