package io.mtj.transport.ws;

import io.mtj.transport.Wire;
import io.mtj.transport.codec.Side;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The byte stream carried in WebSocket binary messages, for both sides after the handshake ({@link
 * WebSocketHandshake} creates it). Incoming data frames, fragmented or not, are joined into one
 * stream; pings are answered with pongs; a close frame is answered and reads then report end of
 * stream; text frames, reserved bits, wrong masking and oversized frames fail with {@link
 * WebSocketException}.
 *
 * <p>Written bytes are buffered and sent as one binary frame per {@link #flush} (or whenever
 * {@value #CHUNK} bytes have gathered). A client masks every frame with a fresh random key. Closing
 * this wire sends a close frame when possible and closes the wire below.
 */
public final class WebSocketWire implements Wire {
    /** Outgoing bytes gathered before a frame is sent without waiting for flush. */
    public static final int CHUNK = 64 * 1024;

    /** Default limit for one incoming data frame's payload. */
    public static final long DEFAULT_MAX_FRAME = 4L * 1024 * 1024;

    private final Wire lower;
    private final boolean client;
    private final RandomGenerator random;
    private final long maxFrame;

    // read side (one reader at a time)
    private long frameLeft;
    private boolean frameMasked;
    private int frameMask;
    private long framePos;
    private boolean inMessage;
    private boolean eof;
    private volatile int peerCloseCode = -1;

    // write side; the lock also covers pongs and close frames sent from the reading thread
    private final ReentrantLock writeLock = new ReentrantLock();
    private final byte[] out = new byte[CHUNK];
    private int outLength;
    private final byte[] header = new byte[WebSocketFrameCodec.MAX_HEADER];
    private final byte[] maskKey = new byte[4];
    private final byte[] scratch = new byte[8192];
    private boolean closeSent;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * The frame layer of a connection whose opening handshake is already done (normally {@link
     * WebSocketHandshake} calls this).
     *
     * @param lower the wire the handshake ran on; this wire owns it
     * @param side {@link Side#CLIENT} masks outgoing frames and refuses masked incoming ones; {@link
     *     Side#SERVER} the reverse
     * @param random source of masking keys (client side)
     * @param maxFrame largest incoming data-frame payload accepted
     * @return the frame layer
     */
    public static WebSocketWire established(Wire lower, Side side, RandomGenerator random, long maxFrame) {
        return new WebSocketWire(lower, side == Side.CLIENT, random, maxFrame);
    }

    WebSocketWire(Wire lower, boolean client, RandomGenerator random, long maxFrame) {
        this.lower = lower;
        this.client = client;
        this.random = random;
        this.maxFrame = maxFrame;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (frameLeft == 0) {
            if (eof || !nextFrame()) {
                eof = true;
                return -1;
            }
        }
        int n = lower.read(buf, off, (int) Math.min(len, frameLeft));
        if (n < 0) {
            throw new java.io.EOFException(
                    "WebSocket stream ended inside a frame with " + frameLeft + " payload bytes missing");
        }
        if (frameMasked) {
            WebSocketFrameCodec.mask(buf, off, n, frameMask, framePos);
        }
        framePos += n;
        frameLeft -= n;
        return n;
    }

    /** Like {@link #nextDataFrame}, but a protocol fault first tells the peer with a close frame. */
    private boolean nextFrame() throws IOException {
        try {
            return nextDataFrame();
        } catch (WebSocketException e) {
            int code = e.closeCode();
            try {
                sendClose(new byte[] {(byte) (code >>> 8), (byte) code});
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Consumes frames until a data frame with payload starts; false once a close frame came. */
    private boolean nextDataFrame() throws IOException {
        while (true) {
            WebSocketFrameCodec.Header h;
            try {
                h = WebSocketFrameCodec.readHeader(lower, !client, maxFrame);
            } catch (java.io.EOFException e) {
                throw new java.io.EOFException("WebSocket stream ended without a close frame");
            }
            switch (h.opcode()) {
                case WebSocketFrameCodec.PING -> sendControl(WebSocketFrameCodec.PONG, controlPayload(h));
                case WebSocketFrameCodec.PONG -> controlPayload(h);
                case WebSocketFrameCodec.CLOSE -> {
                    byte[] payload = controlPayload(h);
                    peerCloseCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    answerClose(payload);
                    return false;
                }
                case WebSocketFrameCodec.TEXT ->
                    throw new WebSocketException(
                            WebSocketException.UNSUPPORTED_DATA,
                            "WebSocket frame: expected binary data, got a text frame of " + h.length() + " bytes");
                case WebSocketFrameCodec.BINARY -> {
                    if (inMessage) {
                        throw new WebSocketException(
                                "WebSocket frame: expected a continuation frame, got a new binary frame inside a fragmented message");
                    }
                    if (startData(h)) {
                        return true;
                    }
                }
                default -> { // CONTINUATION
                    if (!inMessage) {
                        throw new WebSocketException(
                                "WebSocket frame: continuation frame without a fragmented message to continue");
                    }
                    if (startData(h)) {
                        return true;
                    }
                }
            }
        }
    }

    private boolean startData(WebSocketFrameCodec.Header h) {
        inMessage = !h.fin();
        frameLeft = h.length();
        frameMasked = h.masked();
        frameMask = h.mask();
        framePos = 0;
        return frameLeft > 0;
    }

    private byte[] controlPayload(WebSocketFrameCodec.Header h) throws IOException {
        byte[] payload = new byte[(int) h.length()];
        lower.readFully(payload, 0, payload.length);
        if (h.masked()) {
            WebSocketFrameCodec.mask(payload, 0, payload.length, h.mask(), 0);
        }
        return payload;
    }

    private void answerClose(byte[] payload) {
        // Echo the status code only (RFC 6455 section 5.5.1); skip it if a close was already sent.
        byte[] echo = payload.length >= 2 ? Arrays.copyOf(payload, 2) : new byte[0];
        try {
            sendClose(echo);
        } catch (IOException ignored) {
            // the peer is closing anyway; failing to answer changes nothing for the reader
        }
    }

    private void sendClose(byte[] payload) throws IOException {
        writeLock.lock();
        try {
            if (closeSent) {
                return;
            }
            closeSent = true;
            writeFrame(WebSocketFrameCodec.CLOSE, payload, 0, payload.length);
            lower.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void sendControl(int opcode, byte[] payload) throws IOException {
        writeLock.lock();
        try {
            if (closeSent) {
                return;
            }
            writeFrame(opcode, payload, 0, payload.length);
            lower.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends one final frame; the caller holds the write lock. */
    private void writeFrame(int opcode, byte[] payload, int off, int len) throws IOException {
        byte @Nullable [] mask = null;
        if (client) {
            random.nextBytes(maskKey);
            mask = maskKey;
        }
        int h = WebSocketFrameCodec.writeHeader(header, true, opcode, len, mask);
        lower.write(header, 0, h);
        if (mask == null) {
            lower.write(payload, off, len);
            return;
        }
        // payload must not be modified in the caller's array: mask a bounded scratch copy
        int key = WebSocketFrameCodec.toInt(mask);
        int done = 0;
        while (done < len) {
            int n = Math.min(scratch.length, len - done);
            System.arraycopy(payload, off + done, scratch, 0, n);
            WebSocketFrameCodec.mask(scratch, 0, n, key, done);
            lower.write(scratch, 0, n);
            done += n;
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        writeLock.lock();
        try {
            if (closeSent) {
                throw new IOException("WebSocket is closing: a close frame was already sent");
            }
            while (len > 0) {
                int n = Math.min(len, CHUNK - outLength);
                System.arraycopy(buf, off, out, outLength, n);
                outLength += n;
                off += n;
                len -= n;
                if (outLength == CHUNK) {
                    emit();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void emit() throws IOException {
        if (outLength > 0) {
            int n = outLength;
            outLength = 0;
            writeFrame(WebSocketFrameCodec.BINARY, out, 0, n);
        }
    }

    @Override
    public void flush() throws IOException {
        writeLock.lock();
        try {
            if (!closeSent) {
                emit();
            }
            lower.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The status code of the peer's close frame once one was read: 1000 for a normal closure, 1005
     * when the frame carried none, -1 while none has come.
     *
     * @return the peer's close status, or -1
     */
    public int peerCloseCode() {
        return peerCloseCode;
    }

    @Override
    public void readTimeout(Duration timeout) throws IOException {
        lower.readTimeout(timeout);
    }

    /** Sends a normal-closure frame (1000) if no writer is busy, then closes the wire below. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (writeLock.tryLock()) {
                try {
                    if (!closeSent) {
                        closeSent = true;
                        writeFrame(WebSocketFrameCodec.CLOSE, new byte[] {0x03, (byte) 0xe8}, 0, 2);
                        lower.flush();
                    }
                } catch (IOException ignored) {
                    // best effort: the connection goes away either way
                } finally {
                    writeLock.unlock();
                }
            }
        } finally {
            lower.close();
        }
    }
}
