package io.mtj.transport;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * A bidirectional byte stream that a framing runs over: a TCP socket, or a layer stacked on another
 * wire (obfuscation, fake-TLS records, WebSocket messages, HTTP bodies).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>One thread reads while another writes; {@link #read} is not called concurrently with itself,
 *       nor {@link #write}/{@link #flush} with themselves (callers serialise each direction).
 *   <li>{@link #read} blocks until at least one byte is available and returns how many were copied,
 *       or -1 at a clean end of stream. It never returns 0 for {@code len > 0}. It fails with {@link
 *       java.net.SocketTimeoutException} once the read timeout passes with no byte.
 *   <li>{@link #write} never modifies the caller's array. Bytes may be buffered until {@link #flush}.
 *       A write that cannot make progress for the write timeout fails (the wire is then closed).
 *   <li>{@link #close} is idempotent, may be called from any thread, and unblocks a pending read or
 *       write, which then fails with an {@link IOException}.
 *   <li>A layer owns the wire below it: closing the layer closes what is under it.
 * </ul>
 */
public interface Wire extends Closeable {
    int read(byte[] buf, int off, int len) throws IOException;

    void write(byte[] buf, int off, int len) throws IOException;

    void flush() throws IOException;

    /** Zero means wait forever. Applies to every later {@link #read}. */
    void readTimeout(Duration timeout) throws IOException;

    @Override
    void close() throws IOException;

    /** Reads exactly {@code len} bytes or fails with {@link java.io.EOFException} naming how many came. */
    default void readFully(byte[] buf, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(buf, off + done, len - done);
            if (n < 0) {
                throw new java.io.EOFException("stream ended after " + done + " of " + len + " expected bytes");
            }
            done += n;
        }
    }
}
