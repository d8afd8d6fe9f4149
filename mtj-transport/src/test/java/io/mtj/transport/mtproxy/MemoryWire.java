package io.mtj.transport.mtproxy;

import io.mtj.transport.Wire;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/** A wire that reads from fixed bytes (in chunks of at most {@code chunk}) and records writes. */
final class MemoryWire implements Wire {
    private final byte[] input;
    private final int chunk;
    private int pos;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean closed;

    MemoryWire(byte[] input, int chunk) {
        this.input = input;
        this.chunk = chunk;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (pos == input.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, chunk), input.length - pos);
        System.arraycopy(input, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        written.write(buf, off, len);
    }

    @Override
    public void flush() {}

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public void close() {
        closed = true;
    }
}
