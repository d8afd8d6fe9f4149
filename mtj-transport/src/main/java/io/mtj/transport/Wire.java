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
    /**
     * Reads up to {@code len} bytes, blocking until at least one is available, the stream ends or the read
     * timeout passes.
     *
     * @param buf where the bytes go
     * @param off where in {@code buf} the first byte goes
     * @param len the most bytes to read; positive
     * @return how many bytes were read, at least 1, or -1 at the end of the stream
     * @throws java.net.SocketTimeoutException if the read timeout passed with no byte
     * @throws IOException if the wire is closed or fails
     */
    int read(byte[] buf, int off, int len) throws IOException;

    /**
     * Writes {@code len} bytes, possibly into a buffer that {@link #flush()} empties; the caller's array is
     * never modified or kept.
     *
     * @param buf the bytes to write
     * @param off where they start
     * @param len how many to write
     * @throws IOException if the wire is closed, fails, or cannot make progress within the write timeout (the
     *     wire is then closed)
     */
    void write(byte[] buf, int off, int len) throws IOException;

    /**
     * Pushes any buffered bytes down to the socket.
     *
     * @throws IOException if the wire is closed or the write fails
     */
    void flush() throws IOException;

    /**
     * Sets how long a {@link #read} may wait for its first byte. Applies to every later {@link #read}.
     *
     * @param timeout the read timeout; zero means wait forever
     * @throws IOException if the underlying socket refuses the setting
     */
    void readTimeout(Duration timeout) throws IOException;

    /**
     * Closes this wire and every wire below it; idempotent, callable from any thread, unblocks a pending
     * read or write.
     *
     * @throws IOException if closing the socket fails
     */
    @Override
    void close() throws IOException;

    /**
     * Reads exactly {@code len} bytes or fails with {@link java.io.EOFException} naming how many came.
     *
     * @param buf where the bytes go
     * @param off where in {@code buf} the first byte goes
     * @param len how many bytes to read
     * @throws java.io.EOFException if the stream ends first
     * @throws IOException if a read fails or times out
     */
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
