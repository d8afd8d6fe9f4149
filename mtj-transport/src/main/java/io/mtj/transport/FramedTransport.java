package io.mtj.transport;

import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.HttpCodec;
import io.mtj.transport.codec.Side;
import io.mtj.transport.obfs.ObfuscatedWire;
import io.mtj.transport.obfs.ObfuscationHeader;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Transport}: a {@link FrameCodec} over a {@link Wire} stack. Client transports are made
 * with {@link #client} and then {@link #connect}ed; server transports come connected from {@link
 * #server} (usually through {@code io.mtj.transport.server.TransportAcceptor}).
 */
public final class FramedTransport implements Transport {
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final FrameCapture capture = new FrameCapture();
    private final Relay relay = new Relay();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final @Nullable TransportOptions options;
    /** {@link FrameListener#NONE} (compared by identity) means no listener work at all. */
    private final FrameListener listener;

    private @Nullable FrameCodec codec;
    private volatile @Nullable Wire wire;
    /** The socket wire while connect() runs its layer handshakes, so close() can abort them. */
    private volatile @Nullable Wire connecting;

    private final java.util.concurrent.atomic.AtomicBoolean closeOnce = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    private volatile @Nullable Throwable closeCause;

    private FramedTransport(
            @Nullable TransportOptions options,
            @Nullable FrameCodec codec,
            @Nullable Wire wire,
            FrameListener listener) {
        this.options = options;
        this.listener = listener;
        this.codec = codec;
        this.wire = wire;
    }

    /**
     * Creates a client transport, not yet connected; {@link #connect} dials and sets up the layers.
     *
     * @param options how the transport is assembled
     * @return a new transport that holds no socket yet
     */
    public static FramedTransport client(TransportOptions options) {
        return new FramedTransport(options, null, null, options.frameListener());
    }

    /**
     * A connected transport over an existing wire stack (the tag or obfuscation header already
     * exchanged). Used by the server side, and by tests and benchmarks on either side.
     *
     * @param wire the wire stack, ready for frames; the transport owns it from now on
     * @param codec the framing, on the side this transport plays
     * @return a connected transport
     */
    public static FramedTransport over(Wire wire, FrameCodec codec) {
        return over(wire, codec, FrameListener.NONE);
    }

    /**
     * As {@link #over(Wire, FrameCodec)}, reporting every frame to {@code listener}.
     *
     * @param wire the wire stack, ready for frames; the transport owns it from now on
     * @param codec the framing, on the side this transport plays
     * @param listener sees every frame sent and received
     * @return a connected transport
     * @throws NullPointerException if {@code listener} is null
     */
    public static FramedTransport over(Wire wire, FrameCodec codec, FrameListener listener) {
        return new FramedTransport(null, codec, wire, java.util.Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Creates a server-side transport over a wire whose tag or header the acceptor already consumed.
     *
     * @param wire the accepted wire stack; the transport owns it from now on
     * @param codec a server-side codec
     * @return a connected transport
     */
    public static FramedTransport server(Wire wire, FrameCodec codec) {
        if (codec.side() != Side.SERVER) {
            throw new IllegalArgumentException("server transport needs a SERVER codec");
        }
        return over(wire, codec);
    }

    @Override
    public void connect(Endpoint endpoint) throws IOException {
        TransportOptions o = options;
        if (o == null) {
            throw new IllegalStateException("a server-side transport is already connected");
        }
        stateLock.lock();
        try {
            if (closed) {
                throw new TransportClosedException("transport closed before connect", closeCause);
            }
            if (wire != null) {
                throw new IllegalStateException("transport already connected");
            }
            Socket socket = o.dialer().dial(endpoint.address(), o.connectTimeout());
            Wire w;
            try {
                w = new SocketWire(socket, o.writeTimeout());
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            connecting = w;
            try {
                if (closed) {
                    // close() ran while we dialled and saw no wire to close
                    throw new TransportClosedException("transport closed during connect", closeCause);
                }
                for (WireLayer layer : o.layers()) {
                    w = layer.wrap(w, endpoint);
                }
                FrameCodec c = (o.framing() == Framing.HTTP
                                ? httpCodec(o, endpoint)
                                : FrameCodec.of(o.framing(), Side.CLIENT, o.maxFrame(), o.random()))
                        .timeouts(o.idleTimeout(), o.frameTimeout());
                if (o.obfuscated()) {
                    byte[] header = ObfuscationHeader.random(o.random());
                    w = ObfuscatedWire.client(w, header, o.framing(), endpoint.headerDcId(), o.proxySecret());
                    java.util.Arrays.fill(header, (byte) 0);
                } else {
                    c.writeTag(w);
                }
                this.codec = c;
                this.wire = w;
                if (closed) {
                    // close() ran while we dialled and saw no wire to close
                    w.close();
                    throw new TransportClosedException("transport closed during connect", closeCause);
                }
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            } finally {
                connecting = null;
            }
        } finally {
            stateLock.unlock();
        }
    }

    private static FrameCodec httpCodec(TransportOptions o, Endpoint endpoint) {
        String host = HttpCodec.hostHeader(endpoint.host(), endpoint.port());
        return HttpCodec.client(
                host, o.httpViaProxy() ? "http://" + host + "/api" : null, o.httpProxyAuthorization(), o.maxFrame());
    }

    /**
     * Server side, HTTP framing: the request being handled carried {@code http_wait}; hold its
     * answer up to {@code maxWait} while there is nothing to send. A no-op for the other framings.
     *
     * @param maxWait the longest the answer is held
     */
    public void httpHold(java.time.Duration maxWait) {
        if (codec instanceof HttpCodec http) {
            http.hold(maxWait);
        }
    }

    /**
     * Server side, HTTP framing: the packets waiting for a request on this connection, removed so another
     * connection of the same session can carry them. Empty for the other framings.
     *
     * @return the packets, oldest first; the caller owns the list
     */
    public java.util.List<byte[]> takeHttpQueued() {
        return codec instanceof HttpCodec http ? http.takeQueued() : java.util.List.of();
    }

    /** {@return whether, server side with HTTP framing, a request waits for its answer (false for other framings)} */
    public boolean httpAwaiting() {
        return codec instanceof HttpCodec http && http.awaiting();
    }

    /** Client side, HTTP framing: the server's last answer said {@code Connection: close}. */
    boolean peerWantsClose() {
        return codec instanceof HttpCodec http && http.peerWantsClose();
    }

    @Override
    public void send(byte[] payload, int off, int len, boolean quickAck) throws IOException {
        sendLock.lock();
        try {
            Wire w = openWire();
            FrameCodec c = codecOrFail();
            if (listener != FrameListener.NONE) {
                java.util.Objects.checkFromIndexSize(off, len, payload.length);
                listener.packet(FrameListener.Direction.SENT, c.framing(), payload, off, len, quickAck);
            }
            c.writeFrame(w, payload, off, len, quickAck);
            w.flush();
        } catch (IOException e) {
            throw fail(e);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Server side: sends a quick-ack token (bit 31 is set for you) and flushes it. Safe to call while
     * another thread sends or receives.
     *
     * @param token the token of the packet being acknowledged
     * @throws TransportClosedException if the transport is closed
     * @throws IOException if writing fails; the transport is then closed
     */
    public void sendQuickAck(int token) throws IOException {
        sendLock.lock();
        try {
            Wire w = openWire();
            FrameCodec c = codecOrFail();
            if (listener != FrameListener.NONE) {
                listener.quickAck(FrameListener.Direction.SENT, c.framing(), token | 0x80000000);
            }
            c.writeQuickAck(w, token);
            w.flush();
        } catch (IOException e) {
            throw fail(e);
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * Server side: sends a transport error code (negative, e.g. -404) and flushes it. The transport stays
     * open.
     *
     * @param code the error code; must be negative
     * @throws IllegalArgumentException if {@code code} is not negative
     * @throws TransportClosedException if the transport is closed
     * @throws IOException if writing fails; the transport is then closed
     */
    public void sendError(int code) throws IOException {
        sendLock.lock();
        try {
            Wire w = openWire();
            FrameCodec c = codecOrFail();
            if (listener != FrameListener.NONE && code < 0) {
                listener.error(FrameListener.Direction.SENT, c.framing(), code);
            }
            c.writeError(w, code);
            w.flush();
        } catch (IOException e) {
            throw fail(e);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public Frame receive() throws IOException {
        receive(capture);
        return capture.take();
    }

    /**
     * The allocation-free read: the codec hands the frame through {@link #relay}, which tells the
     * listener and then the caller's sink. An exception from the caller's sink is not a transport
     * failure: the frame was read whole, so it is rethrown once the read is over and the transport
     * stays open.
     */
    @Override
    public void receive(FrameSink sink) throws IOException {
        if (!receiveLock.tryLock()) {
            throw new IllegalStateException("receive() called concurrently; one reader thread only");
        }
        try {
            Wire w = openWire();
            FrameCodec c = codecOrFail();
            relay.start(sink, c.framing());
            try {
                c.readFrame(w, relay);
            } catch (TransportException e) {
                if (listener != FrameListener.NONE) {
                    listener.error(FrameListener.Direction.RECEIVED, c.framing(), e.code());
                }
                throw e;
            }
        } catch (IOException e) {
            throw fail(e);
        } finally {
            receiveLock.unlock();
        }
        relay.rethrowSinkFailure();
    }

    /** Passes frames from the codec to the listener and the caller's sink; one per transport. */
    private final class Relay implements FrameSink {
        private FrameSink target = capture;
        private Framing framing = Framing.INTERMEDIATE;
        private @Nullable Exception sinkFailure;

        void start(FrameSink target, Framing framing) {
            this.target = target;
            this.framing = framing;
            this.sinkFailure = null;
        }

        @Override
        public void packet(byte[] payload, boolean quickAckRequested) {
            if (listener != FrameListener.NONE) {
                listener.packet(
                        FrameListener.Direction.RECEIVED, framing, payload, 0, payload.length, quickAckRequested);
            }
            try {
                target.packet(payload, quickAckRequested);
            } catch (IOException | RuntimeException e) {
                sinkFailure = e;
            }
        }

        @Override
        public void quickAck(int token) {
            if (listener != FrameListener.NONE) {
                listener.quickAck(FrameListener.Direction.RECEIVED, framing, token);
            }
            try {
                target.quickAck(token);
            } catch (IOException | RuntimeException e) {
                sinkFailure = e;
            }
        }

        void rethrowSinkFailure() throws IOException {
            Exception e = sinkFailure;
            if (e == null) {
                return;
            }
            sinkFailure = null;
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Tells the framing in use, once connected.
     *
     * @return the framing, or null before {@link #connect} has chosen it
     */
    public @Nullable Framing framing() {
        FrameCodec c = codec;
        return c == null ? null : c.framing();
    }

    /**
     * Tells whether the transport is connected and not yet closed.
     *
     * @return true between a successful connect (or creation over a wire) and close
     */
    public boolean isOpen() {
        return wire != null && !closed;
    }

    @Override
    public void close() {
        closeWith(null);
    }

    private void closeWith(@Nullable Throwable cause) {
        // not under stateLock: close must not wait for a connect that is still dialling
        if (!closeOnce.compareAndSet(false, true)) {
            return;
        }
        closeCause = cause;
        closed = true;
        FrameCodec c = codec;
        if (c != null) {
            c.closed();
        }
        Wire handshaking = connecting;
        if (handshaking != null) {
            // abort a layer handshake (WebSocket upgrade, fake TLS) still waiting for the server
            try {
                handshaking.close();
            } catch (IOException ignored) {
                // the socket is going away either way
            }
        }
        Wire w = wire;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // the stack is going away; a failing close leaves nothing to release
            }
        }
    }

    private Wire openWire() throws IOException {
        Wire w = wire;
        if (closed) {
            throw new TransportClosedException("transport is closed", closeCause);
        }
        if (w == null) {
            throw new IllegalStateException("transport is not connected");
        }
        return w;
    }

    private FrameCodec codecOrFail() {
        FrameCodec c = codec;
        if (c == null) {
            throw new IllegalStateException("transport is not connected");
        }
        return c;
    }

    /** Closes after a failure; a failure caused by a concurrent close becomes TransportClosedException. */
    private IOException fail(IOException e) {
        if (e instanceof TransportClosedException) {
            return e;
        }
        if (closed) {
            return new TransportClosedException("transport was closed", e);
        }
        closeWith(e);
        return e;
    }
}
