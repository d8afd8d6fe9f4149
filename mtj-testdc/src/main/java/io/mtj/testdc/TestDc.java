package io.mtj.testdc;

import io.mtj.crypto.RsaKeyPair;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.tl.TlMethod;
import io.mtj.tl.TlObject;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.server.TransportAcceptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * <p>The DC is three parts: {@link Listeners} (sockets, accept loops, one virtual thread per connection), {@link
 * DcConnection} (one connection's bytes: framing, key exchange, encryption) and the state every connection shares
 * ({@link DcState}: keys, salts, {@link ServerSession}s, handled through {@link SessionProtocol}). Sessions outlive
 * connections, as Telegram's do.
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
    /** Seconds between the valid_since of consecutive future salts. */
    static final int SALT_PERIOD_SECONDS = 1800;
    /** How long {@link #close()} waits for the DC's threads. */
    static final Duration CLOSE_WAIT = Listeners.CLOSE_WAIT;
    /** Future salts remembered per auth key. */
    static final int MAX_ISSUED_SALTS = 256;
    /** The default listen backlog: large, so thousands of simultaneous connects are queued rather than refused. */
    public static final int DEFAULT_BACKLOG = 4096;
    /** Answers up to this size are repeated for a repeated request; longer ones get msg_detailed_info. */
    public static final int DEFAULT_LARGE_ANSWER = 16 * 1024;

    private final DcState state;
    private final Faults faults;
    private final RpcDispatcher dispatcher;
    private final Connections connections = new Connections();
    private final Listeners listeners;
    private final @Nullable MtProxySecret proxySecret;
    private final FileStore files;

    private TestDc(Builder b) throws IOException {
        this.proxySecret = b.proxySecret;
        RandomGenerator random = new LockedRandom(b.random);
        this.faults = new Faults(this);
        this.dispatcher = new RpcDispatcher(b.apiRegistry);
        this.state = new DcState(
                b.dcId,
                b.testMode,
                random,
                b.rsa != null ? b.rsa : RsaKeyPair.generate2048(),
                b.keys,
                b.clock,
                dispatcher,
                faults,
                new SessionTable(
                        b.sessionMemory, b.answerMemory, b.dcAnswerMemory, b.sessionIdleLimit, System::nanoTime),
                b.largeAnswerBytes);
        dispatcher.register(
                ServiceIds.HELP_GET_CONFIG,
                request ->
                        RpcAnswer.result(DcConfig.config(state.dcId, state.unixTime(), state.testMode, addresses())));
        dispatcher.register(
                ServiceIds.HELP_GET_NEAREST_DC, request -> RpcAnswer.result(DcConfig.nearestDc(state.dcId)));
        this.files = b.files != null ? b.files : new FileStore();
        new FileHandlers(files).register(dispatcher);
        SessionProtocol protocol = new SessionProtocol(state, connections);
        this.listeners = new Listeners(
                new Listeners.Config(b.host, b.port, b.ipv6, b.backlog, b.proxySecret, b.webSocket, b.clock, random),
                faults,
                connections,
                (accepted, wire) -> new DcConnection(state, connections, protocol, accepted.transport(), wire));
        listeners.start();
    }

    /** A builder with the defaults: dc 2, 127.0.0.1, ephemeral port, fresh RSA key, system clock, SecureRandom. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- identity ----

    /** The DC id (default 2). */
    public int dcId() {
        return state.dcId;
    }

    /** The main (IPv4 unless configured otherwise) listener's address. */
    public InetSocketAddress address() {
        return listeners.addresses().get(0);
    }

    /** The main listener's port. */
    public int port() {
        return listeners.port();
    }

    /** Every listener's address: the main one, then ::1 when enabled. */
    public List<InetSocketAddress> addresses() {
        return listeners.addresses();
    }

    /**
     * The MTProxy listener's address: it accepts only obfuscated connections keyed with the configured secret (for
     * an {@code ee} secret, inside fake-TLS records first).
     *
     * @throws IllegalStateException when no MTProxy secret was configured
     */
    public InetSocketAddress mtproxyAddress() {
        InetSocketAddress at = listeners.mtproxyAddress();
        if (at == null) {
            throw new IllegalStateException("this test DC has no MTProxy listener; configure Builder.mtproxy(secret)");
        }
        return at;
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
        InetSocketAddress at = listeners.webSocketAddress();
        if (at == null) {
            throw new IllegalStateException(
                    "this test DC has no WebSocket listener; configure Builder.webSocket(true)");
        }
        return at;
    }

    /** The DC's files: what upload.saveFilePart / saveBigFilePart stored, and the documents upload.getFile reads. */
    public FileStore files() {
        return files;
    }

    /** The DC's RSA public key. */
    public RsaPublicKey publicKey() {
        return state.rsa().publicKey();
    }

    /** The public key as PEM ({@code BEGIN RSA PUBLIC KEY}), for a client's key list. */
    public String publicKeyPem() {
        return state.rsa().publicKey().toPem();
    }

    /** The public key's MTProto fingerprint. */
    public long fingerprint() {
        return state.rsa().publicKey().fingerprint();
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

    /**
     * Answers every call whose innermost constructor id is {@code constructorId} with {@code handler}, which sees the
     * whole {@link ReceivedRequest} (auth key id, session id, layer, initConnection): the registry the DC's own
     * methods (help.getConfig, help.getNearestDc) are registered in, so a later registration replaces them.
     * Scripted answers and class handlers still win.
     */
    public TestDc handleRequest(int constructorId, Function<? super ReceivedRequest, RpcAnswer> handler) {
        dispatcher.register(constructorId, handler::apply);
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
        state.forceDhGenRetry(count);
        return this;
    }

    /**
     * Sends {@code update} (any TL object, typically an {@code Updates}) as a server notice to every session that
     * has an open connection (over HTTP: to its waiting long poll, or kept for the next one); returns how many
     * sessions it went to.
     */
    public int pushUpdate(TlObject update) {
        int sent = 0;
        for (ServerSession session : state.sessions().all()) {
            if (connections.push(session, update)) {
                sent++;
            }
        }
        return sent;
    }

    /** Sends {@code update} to the session(s) with this session id; false when none has an open connection. */
    public boolean pushUpdate(long sessionId, TlObject update) {
        boolean sent = false;
        for (ServerSession session : state.sessions().all()) {
            if (session.sessionId == sessionId) {
                sent |= connections.push(session, update);
            }
        }
        return sent;
    }

    /**
     * Forgets every session with this session id (any auth key), as a DC that lost its session state: answers
     * kept for them are gone, and the client's next message starts a new session ({@code new_session_created}).
     * Connections stay open. Returns how many sessions were forgotten.
     */
    public int forgetSession(long sessionId) {
        return state.sessions().removeAll(sessionId);
    }

    /** Forgets every session (see {@link #forgetSession}); returns how many. */
    public int forgetSessions() {
        return state.sessions().clear();
    }

    /** The next API call received (wrappers removed), waiting up to {@code timeout}; null on timeout. */
    public @Nullable ReceivedRequest takeRequest(Duration timeout) throws InterruptedException {
        return state.requests().take(timeout);
    }

    /** The next ping_delay_disconnect received, waiting up to {@code timeout}; null on timeout. */
    public @Nullable ReceivedPing takePing(Duration timeout) throws InterruptedException {
        return state.pings().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How many API calls are waiting to be taken. */
    public int requestCount() {
        return state.requests().size();
    }

    /** The next rejected key exchange step, waiting up to {@code timeout}; null on timeout. */
    public @Nullable HandshakeException takeHandshakeFailure(Duration timeout) throws InterruptedException {
        return state.handshakeFailures().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    /** How many times each request was executed. */
    public Executions executions() {
        return state.executions();
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** The bytes of answers all sessions keep now (bounded by {@link TestDcSettings#dcAnswerMemory}). */
    public long keptAnswerBytes() {
        return state.sessions().keptAnswerBytes();
    }

    /** Number of server sessions the DC remembers. */
    public int sessionCount() {
        return state.sessions().size();
    }

    /** Number of auth keys created since start. */
    public int authKeysCreated() {
        return state.keysCreated();
    }

    /** The current server salt for an auth key (a random one is chosen for a key loaded from a store). */
    public long serverSalt(long authKeyId) {
        return state.salt(authKeyId);
    }

    /** Whether the auth key with this id was made here as a temporary key (for PFS binding checks). */
    boolean isTemporaryKey(long authKeyId) {
        return state.isTemporaryKey(authKeyId);
    }

    /** Installs the check every call passes before it is answered (see {@link RpcDispatcher#guard}). */
    void guardRequests(java.util.function.Function<ReceivedRequest, @Nullable RpcAnswer> check) {
        dispatcher.guard(check);
    }

    /** Forgets a temporary key at once (it answers -404 from now on); false if it is not one of this DC's. */
    boolean forgetTempKey(long authKeyId) {
        return state.forgetTempKey(authKeyId);
    }

    /** The DC's current time (its clock plus the skew fault). */
    public java.time.Instant now() {
        return state.now();
    }

    // ---- lifecycle ----

    /** Closes the listeners and every connection, and waits (bounded) for the DC's threads to end. Idempotent. */
    @Override
    public void close() {
        listeners.close();
    }

    /** Whether every thread the DC started has ended (true after {@link #close()} returns normally). */
    public boolean isTerminated() {
        return listeners.isTerminated();
    }

    /** The listeners, for tests of the accept path. */
    Listeners listeners() {
        return listeners;
    }

    // ---- used by Faults ----

    void clockSkewChanged(Duration skew) {
        state.clockSkewChanged(skew);
    }

    Connections connections() {
        return connections;
    }

    static long leLong(byte[] b, int off) {
        return DhExchange.leLong(b, off);
    }

    static int leInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** Configures and starts a {@link TestDc}; the settings and their defaults are in {@link TestDcSettings}. */
    public static final class Builder extends TestDcSettings<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** Binds the listeners and starts accepting. */
        public TestDc build() throws IOException {
            return new TestDc(this);
        }
    }
}
