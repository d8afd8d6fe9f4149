package io.mtj.transport.codec;

import io.mtj.transport.FrameException;
import io.mtj.transport.FrameSink;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportException;
import io.mtj.transport.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * MTProto's HTTP transport on one HTTP/1.1 keep-alive connection: the client sends each packet as
 * the body of {@code POST /api} (framed by Content-Length, no tag, no obfuscation), the server
 * answers each request with one packet, or with an empty body when it has nothing to say. The same
 * class reads and writes both directions.
 *
 * <p>Client side, the request target is {@code /api} with a {@code Host} header, or the absolute
 * form {@code http://host:port/api} when the connection goes to a plain HTTP proxy. A status other
 * than 200 is thrown as {@link TransportException} with the negated status (404 is -404, an
 * unknown auth key, as over TCP); an empty 200 body is delivered as an empty packet for the caller
 * to skip.
 *
 * <p>Server side, HTTP allows an answer only to a request, so a packet sent while no request waits
 * is queued and answers the next one. A request is answered when the server sends a packet; if it
 * sends none, then on the next read, at once, or after the hold set by {@link #hold} (the request's
 * {@code http_wait.max_wait}) with whatever came meanwhile or an empty body.
 */
public final class HttpCodec extends FrameCodec {
    /** Longest request or status line plus headers accepted. */
    public static final int MAX_HEAD = 8192;

    private static final int MAX_QUEUED = 256;
    private static final byte[] EMPTY = new byte[0];

    private final byte[] buf = new byte[MAX_HEAD];
    private int pos;
    private int lim;

    private final @Nullable String host;
    private final @Nullable String absoluteTarget;
    private final @Nullable String proxyAuthorization;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
    private @Nullable Wire serverWire;
    private boolean pending;
    private boolean closeAfterAnswer;
    private long holdNanos;
    private boolean closed;
    private boolean peerWantsClose;

    private HttpCodec(
            Side side,
            int maxFrame,
            @Nullable String host,
            @Nullable String absoluteTarget,
            @Nullable String proxyAuthorization) {
        super(side, maxFrame);
        this.host = host;
        this.absoluteTarget = absoluteTarget;
        this.proxyAuthorization = proxyAuthorization;
    }

    /**
     * Client side, direct (or through a tunnel): {@code POST /api}, {@code Host: hostHeader}.
     *
     * @param absoluteTarget {@code http://host:port/api} when talking to a plain HTTP proxy, else null
     * @param hostHeader the {@code Host} header's value (see {@link #hostHeader})
     * @param proxyAuthorization the {@code Proxy-Authorization} value for that proxy, or null
     * @param maxFrame the largest answer body accepted, in bytes
     * @return a client-side codec
     */
    public static HttpCodec client(
            String hostHeader, @Nullable String absoluteTarget, @Nullable String proxyAuthorization, int maxFrame) {
        return new HttpCodec(Side.CLIENT, maxFrame, hostHeader, absoluteTarget, proxyAuthorization);
    }

    /**
     * Server side.
     *
     * @param maxFrame the largest request body accepted, in bytes
     * @return a server-side codec
     */
    public static HttpCodec server(int maxFrame) {
        return new HttpCodec(Side.SERVER, maxFrame, null, null, null);
    }

    /**
     * The {@code Host} value for {@code host:port}: port 80 left out, IPv6 literals in brackets.
     *
     * @param host an IP literal or host name
     * @param port the TCP port
     * @return the header's value
     */
    public static String hostHeader(String host, int port) {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == 80 ? h : h + ":" + port;
    }

    @Override
    public Framing framing() {
        return Framing.HTTP;
    }

    /** HTTP has no tag. */
    @Override
    public void writeTag(Wire wire) {}

    /** {@return whether, client side, the server's last answer asked to close the connection ({@code Connection: close})} */
    public boolean peerWantsClose() {
        return peerWantsClose;
    }

    @Override
    public void writeFrame(Wire wire, byte[] payload, int off, int len, boolean quickAck) throws IOException {
        checkSendLength(len, false);
        if (side == Side.CLIENT) {
            writeRequest(wire, payload, off, len);
            return;
        }
        lock.lock();
        try {
            if (pending) {
                answer(wire, 200, java.util.Arrays.copyOfRange(payload, off, off + len));
            } else {
                if (queued.size() >= MAX_QUEUED) {
                    throw new IOException("HTTP client fetched none of the last " + MAX_QUEUED
                            + " server packets; closing the connection");
                }
                queued.add(java.util.Arrays.copyOfRange(payload, off, off + len));
            }
        } finally {
            lock.unlock();
        }
    }

    /** HTTP has no quick acks: the token is dropped. */
    @Override
    public void writeQuickAck(Wire wire, int token) {
        requireSide(Side.SERVER, "a quick ack");
    }

    /** Server: answers the waiting request with the HTTP status {@code -code} (404 for -404). */
    @Override
    public void writeError(Wire wire, int code) throws IOException {
        requireSide(Side.SERVER, "an error status");
        if (code >= 0) {
            throw new IllegalArgumentException("transport error code must be negative, got " + code);
        }
        lock.lock();
        try {
            closeAfterAnswer = true;
            answer(wire, -code, EMPTY);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Server: the request being handled asked to be held up to {@code maxWait} ({@code http_wait})
     * when there is nothing to answer yet.
     *
     * @param maxWait the longest the request may be held
     */
    public void hold(Duration maxWait) {
        lock.lock();
        try {
            holdNanos = Math.max(holdNanos, maxWait.toNanos());
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether, server side, a request is waiting for its answer, so a packet sent now goes out at once} */
    public boolean awaiting() {
        lock.lock();
        try {
            return pending && !closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Server: removes and returns the packets queued for a request that has not come (to answer another).
     *
     * @return the packets, oldest first
     */
    public java.util.List<byte[]> takeQueued() {
        lock.lock();
        try {
            java.util.List<byte[]> out = java.util.List.copyOf(queued);
            queued.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void closed() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void readFrame(Wire wire, FrameSink sink) throws IOException {
        if (side == Side.CLIENT) {
            readResponse(wire, sink);
        } else {
            finishPending(wire);
            byte[] body = readRequest(wire);
            lock.lock();
            try {
                pending = true;
                holdNanos = 0;
                serverWire = wire;
                byte[] first = queued.poll();
                if (first != null) {
                    answer(wire, 200, first);
                }
            } finally {
                lock.unlock();
            }
            deliver(sink, body, body.length, false);
        }
    }

    // ---------------------------------------------------------------- client

    private void writeRequest(Wire wire, byte[] payload, int off, int len) throws IOException {
        byte[] h = HttpHead.request(host, absoluteTarget, proxyAuthorization, len);
        wire.write(h, 0, h.length);
        wire.write(payload, off, len);
    }

    private void readResponse(Wire wire, FrameSink sink) throws IOException {
        long start = rxOffset;
        HttpHead head = readHead(wire);
        String[] status = head.startLine().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[0-9]{3}")) {
            throw new FrameException(
                    FrameException.Fault.UNKNOWN_TAG,
                    start,
                    "expected an HTTP/1.x status line, got: " + head.startLine());
        }
        int code = Integer.parseInt(status[1]);
        peerWantsClose = "close".equalsIgnoreCase(head.connection());
        long length = head.contentLength();
        if (length < 0) {
            if (code != 200) {
                throw new TransportException(-code);
            }
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH,
                    start,
                    "HTTP response without Content-Length"
                            + (head.chunked() ? " (chunked bodies are not supported)" : ""));
        }
        byte[] body = readBody(wire, length, start);
        if (code != 200) {
            throw new TransportException(-code);
        }
        if (body.length == 0) {
            sink.packet(EMPTY, false);
            return;
        }
        deliver(sink, body, body.length, false);
    }

    // ---------------------------------------------------------------- server

    private byte[] readRequest(Wire wire) throws IOException {
        long start = rxOffset;
        HttpHead head = readHead(wire);
        String[] request = head.startLine().split(" ");
        if (request.length != 3
                || !request[0].equals("POST")
                || !request[1].endsWith("/api")
                || !request[2].startsWith("HTTP/1.")) {
            throw new FrameException(
                    FrameException.Fault.UNKNOWN_TAG, start, "expected POST /api HTTP/1.1, got: " + head.startLine());
        }
        if (head.contentLength() <= 0) {
            throw new FrameException(
                    FrameException.Fault.BAD_LENGTH,
                    start,
                    head.contentLength() < 0
                            ? "POST /api without Content-Length" + (head.chunked() ? " (chunked is not supported)" : "")
                            : "POST /api with an empty body");
        }
        lock.lock();
        try {
            closeAfterAnswer = "close".equalsIgnoreCase(head.connection());
        } finally {
            lock.unlock();
        }
        return readBody(wire, head.contentLength(), start);
    }

    /** Answers the previous request if nothing has: after its hold, with what came or nothing. */
    private void finishPending(Wire wire) throws IOException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + holdNanos;
            while (pending && queued.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    changed.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while holding an HTTP request");
                }
            }
            if (pending && !closed) {
                byte[] next = queued.poll();
                answer(wire, 200, next != null ? next : EMPTY);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes and flushes the answer to the waiting request; under {@link #lock}. */
    private void answer(Wire wire, int code, byte[] body) throws IOException {
        if (!pending) {
            return;
        }
        pending = false;
        holdNanos = 0;
        changed.signalAll();
        byte[] h = HttpHead.response(code, closeAfterAnswer, body.length);
        Wire w = serverWire != null ? serverWire : wire;
        w.write(h, 0, h.length);
        w.write(body, 0, body.length);
        w.flush();
    }

    // ---------------------------------------------------------------- both

    /** Reads a start line and headers up to the blank line; bounded by {@link #MAX_HEAD}. */
    private HttpHead readHead(Wire wire) throws IOException {
        long start = rxOffset;
        if (pos == lim) {
            pos = 0;
            lim = 0;
            readFirst(wire); // idle timeout, clean end of stream between messages
            buf[lim++] = rxHead[0];
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        int end;
        while ((end = headEnd()) < 0) {
            if (lim == buf.length) {
                throw new FrameException(
                        FrameException.Fault.TOO_LARGE, start, "HTTP head longer than " + MAX_HEAD + " bytes");
            }
            int n = wire.read(buf, lim, buf.length - lim);
            if (n < 0) {
                throw new FrameException(
                        FrameException.Fault.TRUNCATED, start + lim, "stream ended inside an HTTP head");
            }
            lim += n;
        }
        String text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        pos = end + 4;
        rxOffset = start + pos;
        HttpHead head = HttpHead.parse(text, start);
        if (head.contentLength() > 0) {
            checkMax(head.contentLength(), start);
        }
        return head;
    }

    private int headEnd() {
        for (int i = 3; i < lim; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i - 3;
            }
        }
        return -1;
    }

    private byte[] readBody(Wire wire, long length, long start) throws IOException {
        byte[] body = new byte[(int) length];
        int fromBuffer = Math.min(body.length, lim - pos);
        System.arraycopy(buf, pos, body, 0, fromBuffer);
        pos += fromBuffer;
        if (fromBuffer < body.length) {
            try {
                wire.readFully(body, fromBuffer, body.length - fromBuffer);
            } catch (java.io.EOFException e) {
                throw new FrameException(
                        FrameException.Fault.TRUNCATED,
                        rxOffset,
                        "stream ended inside an HTTP body of " + length + " bytes",
                        e);
            }
        }
        rxOffset += body.length;
        if (pos == lim) {
            pos = 0;
            lim = 0;
        }
        return body;
    }
}
