package io.mtj.testdc;

import io.mtj.api.Schema;
import io.mtj.core.wire.MsgIdGenerator;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlObject;
import io.mtj.tl.TlRegistry;
import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.mtproxy.FakeTlsServer;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.server.Accepted;
import io.mtj.transport.server.TransportAcceptor;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A local Telegram data centre for tests, in the spirit of MockWebServer: it listens on loopback, speaks every
 * MTProto transport the {@link TransportAcceptor} recognises, runs the server side of the DH key exchange with its
 * own RSA key, serves the encrypted MTProto 2.0 session (salts, sessions, msg_id and seqno rules, containers,
 * gzip_packed, acks, ping, future salts, destroy_session) and answers API calls from scripts, handlers or a small
 * built-in set (help.getConfig, help.getNearestDc).
 *
 * <pre>{@code
 * try (TestDc dc = TestDc.builder().build()) {
 *     dc.enqueue(HelpGetNearestDc.class, RpcAnswer.error(420, "FLOOD_WAIT_3"));
 *     dc.faults().badServerSalt(1);
 *     // connect a client to dc.address() with dc.publicKeyPem() ...
 *     ReceivedRequest request = dc.takeRequest(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Every connection runs on its own virtual thread; {@link #close()} closes the listeners and every connection and
 * waits for those threads. Time and randomness are injectable: with a fixed {@link InstantSource}, a seeded {@link
 * RandomGenerator} and a given RSA key, the DC's side of a handshake is reproducible byte for byte.
 *
 * <p>Answer order for a call: a scripted answer ({@link #enqueue}), a handler ({@link #handle}), a built-in method,
 * then 401 AUTH_KEY_UNREGISTERED for a method the API registry knows (the DC has no logged-in user) or 400
 * INPUT_METHOD_INVALID_&lt;id&gt;_0 (unsigned decimal id, as Telegram writes it) for one it does not.
 */
public final class TestDc implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TestDc.class.getName());
    /** Seconds between the valid_since of consecutive future salts. */
    static final int SALT_PERIOD_SECONDS = 1800;
    /** How long {@link #close()} waits for the DC's threads. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Future salts remembered per auth key. */
    static final int MAX_ISSUED_SALTS = 256;

    private final int dcId;
    private final boolean testMode;
    private final RandomGenerator random;
    private final RsaKeyPair rsa;
    private final AuthKeyStore keys;
    private final MsgIdGenerator msgIds;
    private final TransportAcceptor acceptor;
    private final RpcDispatcher dispatcher;
    private final Faults faults;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final @Nullable MtProxySecret proxySecret;
    private final @Nullable TransportAcceptor proxyAcceptor;
    private final @Nullable FakeTlsServer fakeTls;
    private @Nullable ServerSocket proxyListener;
    private @Nullable ServerSocket webSocketListener;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<DcConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<ServerSession.Key, ServerSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Long> salts = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> issuedSalts = new ConcurrentHashMap<>();
    private final Map<Long, java.time.Instant> tempKeyExpiry = new ConcurrentHashMap<>();
    private final BlockingQueue<ReceivedRequest> requests = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReceivedPing> pings = new LinkedBlockingQueue<>();
    private final BlockingQueue<HandshakeException> handshakeFailures = new LinkedBlockingQueue<>();
    private final AtomicInteger forcedRetries = new AtomicInteger();
    private final AtomicInteger keysCreated = new AtomicInteger();
    private volatile boolean closed;

    private TestDc(Builder b) throws IOException {
        this.dcId = b.dcId;
        this.testMode = b.testMode;
        this.random = new LockedRandom(b.random);
        this.rsa = b.rsa != null ? b.rsa : RsaKeyPair.generate2048();
        this.keys = b.keys;
        this.msgIds = new MsgIdGenerator(b.clock);
        this.faults = new Faults(this);
        this.acceptor = TransportAcceptor.builder().random(random).build();
        this.proxySecret = b.proxySecret;
        if (b.proxySecret != null) {
            this.proxyAcceptor = TransportAcceptor.builder()
                    .secret(b.proxySecret.key())
                    .allowNoSecret(false)
                    .requireObfuscation(true)
                    .random(random)
                    .build();
            this.fakeTls = b.proxySecret.kind() == MtProxySecret.Kind.FAKE_TLS
                    ? new FakeTlsServer(
                            List.of(b.proxySecret),
                            b.clock,
                            FakeTlsServer.DEFAULT_WINDOW,
                            new io.mtj.transport.mtproxy.ReplayCache(
                                    4096, FakeTlsServer.DEFAULT_WINDOW.multipliedBy(2)),
                            random)
                    : null;
        } else {
            this.proxyAcceptor = null;
            this.fakeTls = null;
        }
        this.dispatcher = new RpcDispatcher(
                b.apiRegistry,
                Map.of(
                        ServiceIds.HELP_GET_CONFIG,
                        request -> RpcAnswer.result(DcConfig.config(dcId, unixTime(), testMode, addresses())),
                        ServiceIds.HELP_GET_NEAREST_DC,
                        request -> RpcAnswer.result(DcConfig.nearestDc(dcId))));
        try {
            listeners.add(listen(new InetSocketAddress(b.host, b.port)));
            if (b.ipv6) {
                listeners.add(listen(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
            }
            if (b.proxySecret != null) {
                proxyListener = listen(new InetSocketAddress(b.host, 0));
            }
            if (b.webSocket) {
                webSocketListener = listen(new InetSocketAddress(b.host, 0));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        for (ServerSocket server : listeners) {
            startThread("testdc-accept-" + server.getLocalPort(), () -> acceptLoop(server, Kind.DIRECT));
        }
        ServerSocket proxy = proxyListener;
        if (proxy != null) {
            startThread("testdc-accept-mtproxy-" + proxy.getLocalPort(), () -> acceptLoop(proxy, Kind.MTPROXY));
        }
        ServerSocket ws = webSocketListener;
        if (ws != null) {
            startThread("testdc-accept-ws-" + ws.getLocalPort(), () -> acceptLoop(ws, Kind.WEBSOCKET));
        }
        startThread("testdc-watchdog", this::watchdog);
    }

    /** A builder with the defaults: dc 2, 127.0.0.1, ephemeral port, fresh RSA key, system clock, SecureRandom. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- identity ----

    /** The DC id (default 2). */
    public int dcId() {
        return dcId;
    }

    /** The main (IPv4 unless configured otherwise) listener's address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listeners.get(0).getLocalSocketAddress();
    }

    /** The main listener's port. */
    public int port() {
        return listeners.get(0).getLocalPort();
    }

    /** Every listener's address: the main one, then ::1 when enabled. */
    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (ServerSocket s : listeners) {
            out.add((InetSocketAddress) s.getLocalSocketAddress());
        }
        return out;
    }

    /**
     * The MTProxy listener's address: it accepts only obfuscated connections keyed with the configured secret (for
     * an {@code ee} secret, inside fake-TLS records first).
     *
     * @throws IllegalStateException when no MTProxy secret was configured
     */
    public InetSocketAddress mtproxyAddress() {
        ServerSocket s = proxyListener;
        if (s == null) {
            throw new IllegalStateException("this test DC has no MTProxy listener; configure Builder.mtproxy(secret)");
        }
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /** The MTProxy secret the proxy listener checks, or null. */
    public @Nullable MtProxySecret mtproxySecret() {
        return proxySecret;
    }

    /**
     * The WebSocket listener's address: it expects an HTTP upgrade on {@code /apiws} (sub-protocol binary), then an
     * obfuscated MTProto stream inside binary messages.
     *
     * @throws IllegalStateException when the WebSocket listener was not enabled
     */
    public InetSocketAddress webSocketAddress() {
        ServerSocket s = webSocketListener;
        if (s == null) {
            throw new IllegalStateException(
                    "this test DC has no WebSocket listener; configure Builder.webSocket(true)");
        }
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /** The DC's RSA public key. */
    public RsaPublicKey publicKey() {
        return rsa.publicKey();
    }

    /** The public key as PEM ({@code BEGIN RSA PUBLIC KEY}), for a client's key list. */
    public String publicKeyPem() {
        return rsa.publicKey().toPem();
    }

    /** The public key's MTProto fingerprint. */
    public long fingerprint() {
        return rsa.publicKey().fingerprint();
    }

    // ---- scripting ----

    /**
     * Answers every call of method class {@code method} with {@code handler}'s result: a TL object, a Boolean, a
     * List (of objects, Integers or Longs, sent as a boxed vector), raw serialized bytes or an {@link RpcAnswer}.
     * The handler may throw {@link RpcFailure} to answer with rpc_error. Needs the API registry to decode calls.
     */
    public <R, M extends TlMethod<R>> TestDc handle(Class<M> method, Function<? super M, ? extends R> handler) {
        dispatcher.handler(method, call -> RpcDispatcher.encodeResult(handler.apply(method.cast(call))));
        return this;
    }

    /** As {@link #handle}, with the handler choosing the whole answer (result or error). */
    public <M extends TlMethod<?>> TestDc handleAnswer(Class<M> method, Function<? super M, RpcAnswer> handler) {
        dispatcher.handler(method, call -> handler.apply(method.cast(call)));
        return this;
    }

    /** Queues {@code answer} for the next call of {@code method} (a FIFO per method; scripts win over handlers). */
    public TestDc enqueue(Class<? extends TlMethod<?>> method, RpcAnswer answer) {
        dispatcher.enqueue(method, answer);
        return this;
    }

    /** Queues {@code answer} for the next call whose constructor id is {@code constructorId}. */
    public TestDc enqueue(int constructorId, RpcAnswer answer) {
        dispatcher.enqueue(constructorId, answer);
        return this;
    }

    /** Forces the next {@code count} set_client_DH_params to be answered with dh_gen_retry. */
    public TestDc forceDhGenRetry(int count) {
        forcedRetries.set(count);
        return this;
    }

    /**
     * Sends {@code update} (any TL object, typically an {@code Updates}) as a server notice to every session that
     * has an open connection; returns how many sessions it went to.
     */
    public int pushUpdate(TlObject update) {
        int sent = 0;
        for (ServerSession session : sessions.values()) {
            if (push(session, update)) {
                sent++;
            }
        }
        return sent;
    }

    /** Sends {@code update} to the session(s) with this session id; false when none has an open connection. */
    public boolean pushUpdate(long sessionId, TlObject update) {
        boolean sent = false;
        for (ServerSession session : sessions.values()) {
            if (session.sessionId == sessionId) {
                sent |= push(session, update);
            }
        }
        return sent;
    }

    private boolean push(ServerSession session, TlObject update) {
        DcConnection poll = session.httpPoll;
        if (poll != null) {
            // over HTTP only a waiting request can carry a push: the long poll, or else the next one
            if (!poll.isClosed() && poll.httpAwaiting()) {
                poll.flush(
                        session,
                        List.of(new DcConnection.Out(
                                io.mtj.core.wire.MsgIdKind.SERVER_NOTICE, true, update.toByteArray())),
                        List.of());
            } else {
                session.httpBacklog.add(update.toByteArray());
            }
            return true;
        }
        DcConnection connection = session.connection;
        if (connection == null || connection.isClosed()) {
            return false;
        }
        connection.flush(
                session,
                List.of(new DcConnection.Out(io.mtj.core.wire.MsgIdKind.SERVER_NOTICE, true, update.toByteArray())),
                List.of());
        return true;
    }

    /** The next API call received (wrappers removed), waiting up to {@code timeout}; null on timeout. */
    public @Nullable ReceivedRequest takeRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next ping_delay_disconnect received, waiting up to {@code timeout}; null on timeout. */
    public @Nullable ReceivedPing takePing(Duration timeout) throws InterruptedException {
        return pings.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How many API calls are waiting to be taken. */
    public int requestCount() {
        return requests.size();
    }

    /** The next rejected key exchange step, waiting up to {@code timeout}; null on timeout. */
    public @Nullable HandshakeException takeHandshakeFailure(Duration timeout) throws InterruptedException {
        return handshakeFailures.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Number of auth keys created since start. */
    public int authKeysCreated() {
        return keysCreated.get();
    }

    /** The current server salt for an auth key (a random one is chosen for a key loaded from a store). */
    public long serverSalt(long authKeyId) {
        return salt(authKeyId);
    }

    /** The DC's current time (its clock plus the skew fault). */
    public java.time.Instant now() {
        return msgIds.now();
    }

    // ---- lifecycle ----

    /** Closes the listeners and every connection, and waits (bounded) for the DC's threads to end. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List<ServerSocket> all = new ArrayList<>(listeners);
        if (proxyListener != null) {
            all.add(proxyListener);
        }
        if (webSocketListener != null) {
            all.add(webSocketListener);
        }
        for (ServerSocket server : all) {
            try {
                server.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "closing listener: " + e.getMessage());
            }
        }
        for (DcConnection c : connections) {
            c.close();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread t : List.copyOf(threads)) {
            if (t == Thread.currentThread()) {
                continue;
            }
            t.interrupt();
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Whether every thread the DC started has ended (true after {@link #close()} returns normally). */
    public boolean isTerminated() {
        for (Thread t : threads) {
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private ServerSocket listen(InetSocketAddress at) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(at, 64);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void startThread(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    /** What a listener speaks below the MTProto transport. */
    private enum Kind {
        DIRECT,
        MTPROXY,
        WEBSOCKET
    }

    private void acceptLoop(ServerSocket server, Kind kind) {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, () -> "test DC accept failed: " + e.getMessage());
                }
                break;
            }
            startThread("testdc-conn-" + socket.getPort(), () -> serve(socket, kind));
        }
    }

    private void serve(Socket socket, Kind kind) {
        DcConnection connection;
        try {
            socket.setTcpNoDelay(true);
            ByteBudgetWire wire =
                    new ByteBudgetWire(new SocketWire(socket, Duration.ofSeconds(10)), faults.closeAfterBytes.get());
            Accepted accepted = accept(wire, kind);
            connection = new DcConnection(this, accepted.transport(), wire);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "test DC: transport detection failed: " + e.getMessage());
            closeQuietly(socket);
            return;
        }
        connections.add(connection);
        if (closed) {
            connection.close();
            return;
        }
        connection.run();
    }

    private Accepted accept(ByteBudgetWire wire, Kind kind) throws IOException {
        switch (kind) {
            case MTPROXY -> {
                TransportAcceptor proxy = Objects.requireNonNull(proxyAcceptor, "proxyAcceptor");
                FakeTlsServer tls = fakeTls;
                Wire below = tls != null ? tls.accept(wire).wire() : wire;
                return proxy.accept(below);
            }
            case WEBSOCKET -> {
                Wire ws = WebSocketHandshake.server(
                        wire, WebSocketHandshake.DEFAULT_PATH, random, FrameCodec.DEFAULT_MAX_FRAME);
                return acceptor.accept(ws);
            }
            default -> {
                return acceptor.accept(wire);
            }
        }
    }

    private void watchdog() {
        while (!closed) {
            long now = System.nanoTime();
            for (DcConnection c : connections) {
                c.checkDisconnectDeadline(now);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing socket: " + e.getMessage());
        }
    }

    // ---- state used by connections ----

    record SessionLookup(ServerSession session, boolean created) {}

    DhExchange.Context dhContext() {
        return new DhExchange.Context(rsa, dcId, random, this::unixTime, () -> Faults.take(forcedRetries), keys);
    }

    MsgIdGenerator msgIds() {
        return msgIds;
    }

    RandomGenerator random() {
        return random;
    }

    long randomLong() {
        return random.nextLong();
    }

    RpcDispatcher dispatcher() {
        return dispatcher;
    }

    int unixTime() {
        return (int) msgIds.now().getEpochSecond();
    }

    /** The auth key with this id, or null when unknown or a temporary key past its expires_in. */
    byte @Nullable [] authKey(long authKeyId) {
        java.time.Instant expiry = tempKeyExpiry.get(authKeyId);
        if (expiry != null && !msgIds.now().isBefore(expiry)) {
            return null;
        }
        return keys.load(authKeyId);
    }

    void keyCreated(DhExchange.Result result) {
        if (result.expiresIn() > 0) {
            tempKeyExpiry.put(result.authKeyId(), msgIds.now().plusSeconds(result.expiresIn()));
        }
        salts.put(result.authKeyId(), result.firstSalt());
        keysCreated.incrementAndGet();
    }

    long salt(long authKeyId) {
        return salts.computeIfAbsent(authKeyId, k -> random.nextLong());
    }

    long rotateSalt(long authKeyId) {
        issuedSalts.remove(authKeyId);
        long salt = random.nextLong();
        salts.put(authKeyId, salt);
        return salt;
    }

    /**
     * The current salt followed by {@code count - 1} new random ones, which the DC accepts from then on as well (at
     * most {@value #MAX_ISSUED_SALTS} remembered per key).
     */
    List<Long> futureSalts(long authKeyId, int count) {
        List<Long> out = new ArrayList<>(count);
        out.add(salt(authKeyId));
        Set<Long> issued = issuedSalts.computeIfAbsent(authKeyId, k -> ConcurrentHashMap.newKeySet());
        if (issued.size() + count > MAX_ISSUED_SALTS) {
            issued.clear();
        }
        while (out.size() < count) {
            long salt = random.nextLong();
            out.add(salt);
            issued.add(salt);
        }
        return out;
    }

    /** Whether {@code salt} is the key's current salt or one it was given by get_future_salts. */
    boolean saltAccepted(long authKeyId, long salt) {
        if (salt == salt(authKeyId)) {
            return true;
        }
        Set<Long> issued = issuedSalts.get(authKeyId);
        return issued != null && issued.contains(salt);
    }

    SessionLookup session(long authKeyId, long sessionId, DcConnection connection) {
        ServerSession.Key key = new ServerSession.Key(authKeyId, sessionId);
        ServerSession existing = sessions.get(key);
        if (existing != null) {
            existing.connection = connection;
            return new SessionLookup(existing, false);
        }
        ServerSession created = new ServerSession(authKeyId, sessionId);
        ServerSession raced = sessions.putIfAbsent(key, created);
        ServerSession session = raced != null ? raced : created;
        session.connection = connection;
        return new SessionLookup(session, raced == null);
    }

    /**
     * HTTP clients' key exchanges, by the client nonce every step starts with, so the steps may come on different
     * connections as they do through a proxy that closes after each answer. At most 256 are kept.
     */
    private final java.util.LinkedHashMap<String, DhExchange> httpExchanges = new java.util.LinkedHashMap<>();

    private final java.util.concurrent.locks.ReentrantLock httpExchangesLock =
            new java.util.concurrent.locks.ReentrantLock();

    DhExchange httpKeyExchange(byte[] body) {
        String nonce = body.length >= 20 ? java.util.HexFormat.of().formatHex(body, 4, 20) : "";
        httpExchangesLock.lock();
        try {
            DhExchange exchange = httpExchanges.computeIfAbsent(nonce, n -> new DhExchange(dhContext()));
            if (httpExchanges.size() > 256) {
                httpExchanges.remove(httpExchanges.keySet().iterator().next());
            }
            return exchange;
        } finally {
            httpExchangesLock.unlock();
        }
    }

    boolean destroySession(long authKeyId, long sessionId) {
        return sessions.remove(new ServerSession.Key(authKeyId, sessionId)) != null;
    }

    void recordRequest(ReceivedRequest request) {
        requests.add(request);
    }

    void recordPing(ReceivedPing ping) {
        pings.add(ping);
    }

    void handshakeFailed(HandshakeException e) {
        LOG.log(Level.DEBUG, () -> "test DC rejected a key exchange step: " + e.getMessage());
        handshakeFailures.add(e);
    }

    void connectionClosed(DcConnection connection) {
        connections.remove(connection);
    }

    void awaitStall() throws InterruptedException {
        while (true) {
            long left = faults.stallUntilNanos.get() - System.nanoTime();
            if (left <= 0 || closed) {
                return;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, 50_000_000L)));
        }
    }

    void clockSkewChanged(Duration skew) {
        msgIds.offsetMillis(skew.toMillis());
    }

    void resetByteBudgets(long bytes) {
        for (DcConnection c : connections) {
            c.budget().budget(bytes);
        }
    }

    void sendTransportErrorToAll(int code) {
        for (DcConnection c : connections) {
            c.sendErrorAndClose(code);
        }
    }

    static long leLong(byte[] b, int off) {
        return DhExchange.leLong(b, off);
    }

    static int leInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** Configures and starts a {@link TestDc}. */
    public static final class Builder {
        private int dcId = 2;
        private InetAddress host = InetAddress.getLoopbackAddress();
        private int port;
        private boolean ipv6;
        private boolean testMode;
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SecureRandom();
        private @Nullable RsaKeyPair rsa;
        private AuthKeyStore keys = AuthKeyStore.inMemory();
        private TlRegistry apiRegistry = Schema.registry();
        private @Nullable MtProxySecret proxySecret;
        private boolean webSocket;

        private Builder() {}

        /** The DC id, 1..9999 (default 2). */
        public Builder dcId(int dcId) {
            if (dcId < 1 || dcId > 9999) {
                throw new IllegalArgumentException("dc id must be 1..9999, got " + dcId);
            }
            this.dcId = dcId;
            return this;
        }

        /** The address to listen on; must be a loopback address (default 127.0.0.1). */
        public Builder host(InetAddress host) {
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("the test DC only listens on loopback, not " + host);
            }
            this.host = host;
            return this;
        }

        /** The port (default 0: ephemeral). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Also listen on ::1 (an ephemeral port), listed in help.getConfig with the ipv6 flag. */
        public Builder ipv6(boolean ipv6) {
            this.ipv6 = ipv6;
            return this;
        }

        /** The test_mode flag of help.getConfig (default false). */
        public Builder testMode(boolean testMode) {
            this.testMode = testMode;
            return this;
        }

        /** The DC's clock (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The DC's randomness: nonces, pq, DH exponent, salts, padding (default a SecureRandom). */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The DC's RSA key pair (default: a fresh 2048-bit key generated at start). */
        public Builder rsaKey(RsaKeyPair rsa) {
            this.rsa = Objects.requireNonNull(rsa, "rsa");
            return this;
        }

        /** Where auth keys are kept (default in memory); share one to survive DC restarts. */
        public Builder authKeyStore(AuthKeyStore keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The registry API calls are decoded with (default: every generated mtproto.tl and api.tl constructor). */
        public Builder apiRegistry(TlRegistry registry) {
            this.apiRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Adds an MTProxy listener (ephemeral port on the same host) that accepts only clients using {@code secret}:
         * obfuscated2 keyed with it, and for an {@code ee} secret fake-TLS first (checked against the DC's clock).
         */
        public Builder mtproxy(MtProxySecret secret) {
            this.proxySecret = Objects.requireNonNull(secret, "secret");
            return this;
        }

        /** Adds a WebSocket listener (ephemeral port on the same host) serving {@code /apiws}. */
        public Builder webSocket(boolean webSocket) {
            this.webSocket = webSocket;
            return this;
        }

        /** Binds the listeners and starts accepting. */
        public TestDc build() throws IOException {
            return new TestDc(this);
        }
    }
}
