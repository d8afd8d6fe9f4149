package io.mtj.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;

/** An in-memory wire for tests: serves scripted input in small chunks and records what is written. */
public final class ScriptedWire implements Wire {
    /** What happens once the scripted input is used up. */
    public enum End {
        EOF,
        STALL
    }

    private final byte[] input;
    private final int chunk;
    private final End end;
    private int pos;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean closed;
    private int flushes;
    private Duration lastTimeout = Duration.ZERO;

    public ScriptedWire(byte[] input, int chunk, End end) {
        this.input = input.clone();
        this.chunk = chunk;
        this.end = end;
    }

    /** {@code input} served in chunks of at most {@code chunk} bytes, then a clean end of stream. */
    public static ScriptedWire script(byte[] input, int chunk) {
        return new ScriptedWire(input, chunk, End.EOF);
    }

    public static ScriptedWire of(String hex) {
        return new ScriptedWire(HexFormat.of().parseHex(hex.replace(" ", "")), 3, End.EOF);
    }

    public static ScriptedWire empty() {
        return new ScriptedWire(new byte[0], 1, End.EOF);
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("wire closed");
        }
        if (pos == input.length) {
            if (end == End.STALL) {
                throw new SocketTimeoutException("scripted stall");
            }
            return -1;
        }
        int n = Math.min(Math.min(len, chunk), input.length - pos);
        System.arraycopy(input, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("wire closed");
        }
        written.write(buf, off, len);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void readTimeout(Duration timeout) {
        lastTimeout = timeout;
    }

    @Override
    public void close() {
        closed = true;
    }

    public byte[] written() {
        return written.toByteArray();
    }

    public String writtenHex() {
        return HexFormat.of().formatHex(written.toByteArray());
    }

    public int consumed() {
        return pos;
    }

    public boolean closed() {
        return closed;
    }

    public int flushes() {
        return flushes;
    }

    public Duration lastTimeout() {
        return lastTimeout;
    }
}
