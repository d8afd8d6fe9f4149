package io.mtj.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Wire} over a connected TCP socket, with small read and write buffers.
 *
 * <p>Blocking sockets have no write timeout, so a periodic check on the library's one timer
 * ({@link Scheduler#shared()}, scheduled only while wires with a write timeout are open) closes
 * the socket when one flush has been stuck longer than the write timeout; the stuck write then
 * fails with {@link SocketTimeoutException}. Follows the {@link Wire} threading contract: one
 * reader and one writer at a time.
 */
public final class SocketWire implements Wire {
    /**
     * Read and write buffer size. Small on purpose: an idle session holds both for as long as it lives (at 16 KB they
     * were a third of an idle client's heap), and reads or writes of a buffer's length or more bypass them, so bulk
     * transfers do not go through them anyway.
     */
    static final int BUFFER = 4 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long writeTimeoutNanos;
    private final byte[] readBuf = new byte[BUFFER];
    private int readPos;
    private int readLimit;
    private final byte[] writeBuf = new byte[BUFFER];
    private int writeLen;
    private int soTimeoutMillis;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Write deadline in {@link System#nanoTime()} terms while a socket write is in progress, else 0. */
    volatile long writeDeadline;

    volatile boolean writeTimedOut;

    /**
     * Wraps a connected socket and turns Nagle's algorithm off.
     *
     * @param socket the connected socket; this wire owns it from now on
     * @param writeTimeout how long one socket write may block before the connection is closed; zero
     *     disables the watchdog
     * @throws IOException if the socket's streams or options cannot be set up
     */
    public SocketWire(Socket socket, Duration writeTimeout) throws IOException {
        if (!socket.isConnected()) {
            throw new IllegalArgumentException("socket is not connected");
        }
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.soTimeoutMillis = socket.getSoTimeout();
        // MTProto is request/response: Nagle's algorithm would hold a frame's tail for an ACK
        socket.setTcpNoDelay(true);
        if (writeTimeoutNanos > 0) {
            WriteWatchdog.INSTANCE.register(this);
        }
    }

    /**
     * Gives the socket underneath, for its addresses and options; reading or writing it directly would
     * break this wire's buffering.
     *
     * @return the socket given at construction
     */
    public Socket socket() {
        return socket;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (readPos == readLimit) {
            if (len >= readBuf.length) {
                return in.read(buf, off, len);
            }
            int n = in.read(readBuf, 0, readBuf.length);
            if (n < 0) {
                return -1;
            }
            readPos = 0;
            readLimit = n;
        }
        int n = Math.min(len, readLimit - readPos);
        System.arraycopy(readBuf, readPos, buf, off, n);
        readPos += n;
        return n;
    }

    /**
     * Copies into the write buffer; a write that overflows it tops the buffer up, sends it, and
     * sends the rest directly when it is at least a buffer long, so no small segment is sent alone.
     */
    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        int room = writeBuf.length - writeLen;
        if (len > room) {
            if (writeLen > 0) {
                System.arraycopy(buf, off, writeBuf, writeLen, room);
                writeLen += room;
                off += room;
                len -= room;
                drain();
            }
            if (len >= writeBuf.length) {
                timedWrite(buf, off, len);
                return;
            }
        }
        System.arraycopy(buf, off, writeBuf, writeLen, len);
        writeLen += len;
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (writeLen > 0) {
            int n = writeLen;
            writeLen = 0;
            timedWrite(writeBuf, 0, n);
        }
    }

    private void timedWrite(byte[] buf, int off, int len) throws IOException {
        if (writeTimeoutNanos > 0) {
            writeDeadline = (System.nanoTime() + writeTimeoutNanos) | 1L;
        }
        try {
            out.write(buf, off, len);
        } catch (IOException e) {
            if (writeTimedOut) {
                SocketTimeoutException t = new SocketTimeoutException("write of " + len
                        + " bytes stalled for more than " + writeTimeoutNanos / 1_000_000
                        + " ms; connection closed");
                t.initCause(e);
                throw t;
            }
            throw e;
        } finally {
            writeDeadline = 0;
        }
    }

    /** Called by the watchdog when {@link #writeDeadline} has passed. */
    void writeStalled() {
        writeTimedOut = true;
        close();
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        if (millis == 0 && !timeout.isZero()) {
            millis = 1;
        }
        if (millis != soTimeoutMillis) {
            socket.setSoTimeout(millis);
            soTimeoutMillis = millis;
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            WriteWatchdog.INSTANCE.unregister(this);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket only fails if it is already broken; nothing left to release
            }
        }
    }

    /**
     * Tells whether {@link #close()} has been called, by a user or by the write watchdog.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }
}
