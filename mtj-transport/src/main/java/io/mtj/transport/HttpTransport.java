package io.mtj.transport;

import io.mtj.transport.proxy.ProxyCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * MTProto over HTTP, client side: each packet is one {@code POST /api} on an HTTP/1.1 keep-alive
 * connection, each answer one response body. HTTP allows one request at a time per connection, so
 * this transport keeps a small pool (up to {@code maxConnections}, each a {@link FramedTransport}
 * with {@link Framing#HTTP}, so proxies, TLS and the frame listener work as for TCP): a send takes
 * the most recently freed connection, opens another when all are busy, or waits for one.
 *
 * <p>The server can only answer requests, so the client must keep one outstanding: the {@link
 * Poller} (the session) is asked for a long poll ({@code http_wait} with {@link #LONG_POLL} as
 * max_wait) whenever no request is in flight, and for a short one (max_wait 0) on the same
 * connection after each non-empty answer, to fetch what the server queued there meanwhile. Empty
 * answers are not delivered. Any failure of any connection fails the transport, as the loss of a
 * TCP connection would.
 */
public final class HttpTransport implements Transport {
    /** Connections kept at most, unless told otherwise. */
    public static final int DEFAULT_CONNECTIONS = 4;

    /** max_wait of the long poll: 25 s, tdlib's. */
    public static final Duration LONG_POLL = Duration.ofSeconds(25);

    /** Asked to send an {@code http_wait} carrying {@code maxWait}; fast and never throwing. */
    @FunctionalInterface
    public interface Poller {
        /**
         * Sends (or schedules) one {@code http_wait}.
         *
         * @param maxWait how long the server may hold the answer when it has nothing to send
         */
        void poll(Duration maxWait);
    }

    private static final Object CLOSED = new Object();

    /** One pooled connection; {@code used} once it has carried an answer (so the server may have closed it since). */
    private static final class Conn {
        final FramedTransport transport;
        volatile boolean used;

        Conn(FramedTransport transport) {
            this.transport = transport;
        }
    }

    private final TransportOptions options;
    private final int maxConnections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();
    private final Set<Conn> all = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private @Nullable Endpoint endpoint;
    private int open;
    private int opening;
    private int inFlight;
    private volatile @Nullable Poller poller;
    private volatile boolean closed;
    private volatile @Nullable IOException failure;

    /**
     * An HTTP transport that opens up to {@code maxConnections} keep-alive connections on demand.
     *
     * @param options the transport options; their framing must be {@link Framing#HTTP}
     * @param maxConnections the most connections open at once, at least 2 (one may hold the long poll)
     * @throws IllegalArgumentException if the framing is not HTTP or {@code maxConnections} is below 2
     */
    public HttpTransport(TransportOptions options, int maxConnections) {
        if (options.framing() != Framing.HTTP) {
            throw new IllegalArgumentException("HttpTransport needs Framing.HTTP, got " + options.framing());
        }
        if (maxConnections < 2) {
            throw new IllegalArgumentException(
                    "HttpTransport needs at least 2 connections (one holds the long poll), got " + maxConnections);
        }
        this.options = options;
        this.maxConnections = maxConnections;
    }

    /**
     * An HTTP transport with the default number of connections.
     *
     * @param options the transport options; their framing must be {@link Framing#HTTP}
     * @throws IllegalArgumentException if the framing is not HTTP
     */
    public HttpTransport(TransportOptions options) {
        this(options, DEFAULT_CONNECTIONS);
    }

    /**
     * Configures {@code builder} for a plain (forwarding) HTTP proxy at {@code proxy}: connections go
     * to the proxy through {@code upstream} and requests name the DC in absolute form.
     *
     * @param builder the options being built; its framing is set to HTTP
     * @param proxy the proxy's address
     * @param credentials sent as Basic {@code Proxy-Authorization}, or null for none
     * @param upstream how the proxy is reached
     * @return {@code builder}
     */
    public static TransportOptions.Builder viaForwardProxy(
            TransportOptions.Builder builder,
            InetSocketAddress proxy,
            @Nullable ProxyCredentials credentials,
            Dialer upstream) {
        String authorization = null;
        if (credentials != null) {
            String pair = credentials.username() + ":" + credentials.password();
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return builder.framing(Framing.HTTP)
                .dialer((target, timeout) -> upstream.dial(proxy, timeout))
                .httpViaProxy(authorization);
    }

    /** Opens the first connection (the dial and any proxy or TLS handshake). */
    @Override
    public void connect(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        Conn first = openConnection(endpoint);
        lock.lock();
        try {
            open++;
            idle.push(first);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Installs the poller and, if nothing is in flight, asks it for the first long poll at once.
     * The session calls this when it starts.
     *
     * @param poller asked for each {@code http_wait} from now on
     */
    public void poller(Poller poller) {
        this.poller = poller;
        boolean now;
        lock.lock();
        try {
            now = inFlight == 0 && !closed;
        } finally {
            lock.unlock();
        }
        if (now) {
            poller.poll(LONG_POLL);
        }
    }

    /** {@return the connections open now, idle or busy} */
    public int openConnections() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends on a free connection. A kept-alive connection the server or a proxy closed since its
     * last answer (tinyproxy closes after every answer without saying so) fails the request before
     * any byte of an answer: such a request never reached the server, so it goes out once more,
     * byte for byte, on a new connection; any other failure fails the transport.
     */
    @Override
    public void send(byte[] payload, int off, int len, boolean quickAck) throws IOException {
        byte[] packet = java.util.Arrays.copyOfRange(payload, off, off + len);
        sendOn(acquire(false), packet);
    }

    private void sendOn(Conn connection, byte[] packet) throws IOException {
        try {
            connection.transport.send(packet, 0, packet.length, false);
        } catch (IOException e) {
            if (connection.used && closedWhileIdle(e)) {
                discard(connection);
                sendOn(acquire(true), packet);
                return;
            }
            throw fail(e);
        }
        Thread.ofVirtual().name("mtj-http-answer").start(() -> awaitAnswer(connection, packet));
    }

    /** The peer closed a kept-alive connection: the end of stream before an answer, or a reset. */
    private static boolean closedWhileIdle(IOException e) {
        return e instanceof EndOfStream || e instanceof java.net.SocketException;
    }

    private Conn acquire(boolean fresh) throws IOException {
        Endpoint e = endpoint;
        if (e == null) {
            throw new IllegalStateException("transport is not connected");
        }
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        lock.lock();
        try {
            while (true) {
                checkOpen();
                Conn c = fresh ? null : idle.poll();
                if (c != null) {
                    inFlight++;
                    return c;
                }
                if (open + opening < maxConnections) {
                    opening++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new java.net.SocketTimeoutException(
                            "all " + maxConnections + " HTTP connections stayed busy for "
                                    + options.connectTimeout().toMillis() + " ms");
                }
                try {
                    freed.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for an HTTP connection");
                }
            }
        } finally {
            lock.unlock();
        }
        Conn opened;
        try {
            opened = openConnection(e);
        } catch (IOException ex) {
            lock.lock();
            try {
                opening--;
            } finally {
                lock.unlock();
            }
            throw fail(ex);
        }
        lock.lock();
        try {
            opening--;
            open++;
            inFlight++;
        } finally {
            lock.unlock();
        }
        return opened;
    }

    private Conn openConnection(Endpoint e) throws IOException {
        checkOpen();
        Conn c = new Conn(FramedTransport.client(options));
        all.add(c);
        try {
            c.transport.connect(e);
        } catch (IOException | RuntimeException ex) {
            all.remove(c);
            c.transport.close();
            throw ex;
        }
        if (closed) {
            c.transport.close();
            throw new TransportClosedException("transport closed while connecting", failure);
        }
        return c;
    }

    /** Drops a connection that was in flight; its request is accounted for by whoever retries it. */
    private void discard(Conn connection) {
        lock.lock();
        try {
            open--;
            inFlight--;
            all.remove(connection);
            freed.signalAll();
        } finally {
            lock.unlock();
        }
        connection.transport.close();
    }

    private void awaitAnswer(Conn connection, byte[] packet) {
        Frame frame;
        try {
            frame = connection.transport.receive();
        } catch (IOException e) {
            if (connection.used && closedWhileIdle(e) && !closed) {
                discard(connection);
                try {
                    sendOn(acquire(true), packet);
                } catch (IOException again) {
                    fail(again);
                }
                return;
            }
            fail(e);
            return;
        }
        connection.used = true;
        boolean answered = frame instanceof Frame.Packet p && p.payload().length > 0;
        boolean longPoll;
        lock.lock();
        try {
            inFlight--;
            if (connection.transport.peerWantsClose()) {
                open--;
                all.remove(connection);
                connection.transport.close();
            } else {
                idle.push(connection);
            }
            freed.signalAll();
            longPoll = !answered && inFlight == 0;
        } finally {
            lock.unlock();
        }
        // only now the reader may see the answer: a send it makes in reply finds this connection free, instead of
        // opening another because this thread had not yet put it back
        if (answered) {
            inbox.add(frame);
        }
        Poller p = poller;
        if (p != null && !closed) {
            if (answered) {
                p.poll(Duration.ZERO); // the server may hold more on this connection
            } else if (longPoll) {
                p.poll(LONG_POLL);
            }
        }
    }

    @Override
    public Frame receive() throws IOException {
        Object next;
        try {
            next = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for an HTTP answer");
        }
        if (next instanceof Frame f) {
            return f;
        }
        inbox.add(next); // let every later receive see the end too
        IOException f = failure;
        if (next instanceof IOException e && e == f) {
            throw e;
        }
        throw new TransportClosedException("transport is closed", f);
    }

    @Override
    public void close() {
        closeAll(null);
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new TransportClosedException("transport is closed", failure);
        }
    }

    private IOException fail(IOException e) {
        if (closed) {
            return e instanceof TransportClosedException ? e : new TransportClosedException("transport was closed", e);
        }
        closeAll(e);
        return e;
    }

    private void closeAll(@Nullable IOException cause) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            failure = cause;
            closed = true;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Conn c : all) {
            c.transport.close();
        }
        inbox.add(cause != null ? cause : CLOSED);
    }
}
