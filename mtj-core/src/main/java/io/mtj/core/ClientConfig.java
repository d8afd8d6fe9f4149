package io.mtj.core;

import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.FrameListener;
import io.mtj.transport.Framing;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link TelegramClient} needs. Immutable; build with {@link #builder(int, String)}.
 *
 * <p>Defaults: Telegram's production DC 2 ({@link TelegramServers}) trusted by Telegram's production RSA key,
 * intermediate framing without obfuscation, direct dialing, no session file (every connect runs a key exchange),
 * {@link DeviceInfo#defaults()}, 10 s connect timeout, 30 s handshake timeout (key exchange), 60 s call timeout for
 * {@link TelegramClient#invoke} and {@link TelegramClient#invokeBlocking}, automatic reconnection ({@link
 * ReconnectPolicy#defaults()}), the system clock, {@link SecureRandom}. {@link Builder#testServers()} switches to
 * Telegram's test DCs and their key, {@link Builder#dc(int)} picks another of Telegram's DCs; {@link
 * Builder#endpoint(Endpoint)} and {@link Builder#serverKeys(List)} replace them (for example with a test DC's).
 *
 * <p>Routes: by default the socket goes to the endpoint. With {@link Builder#mtproxy(MtProxyLink)} it goes to the
 * MTProxy
 * instead (the endpoint's DC id still travels in the obfuscation header); with {@link Builder#webSocket(boolean)} the
 * endpoint is a WebSocket server ({@code /apiws}, over TLS when secure) carrying an obfuscated stream. In both cases
 * the
 * dialer (or {@link Builder#proxy(String) proxy}) is the upstream used to reach that server, so an MTProxy or WebSocket
 * can be reached through SOCKS5 or HTTP CONNECT.
 */
public final class ClientConfig {
    /** Telegram's production DC 2 over IPv4, where a client connects unless configured otherwise. */
    public static final Endpoint DEFAULT_ENDPOINT = TelegramServers.dc(TelegramServers.DEFAULT_DC, false);

    /**
     * The life of a temporary key where none is configured but one is used (the download and upload connections of
     * {@link io.mtj.core.dc.DcRouter}): 24 hours, as tdlib.
     */
    public static final Duration DEFAULT_TEMP_KEY_LIFETIME = Duration.ofHours(24);

    private final int apiId;
    private final String apiHash;
    private final SessionStore sessionStore;
    private final Framing framing;
    private final @Nullable ProxyUri httpProxy;
    private final boolean obfuscated;
    private final Dialer dialer;
    private final @Nullable MtProxyLink mtproxy;
    private final boolean webSocket;
    private final boolean webSocketSecure;
    private final @Nullable SSLContext sslContext;
    private final Endpoint endpoint;
    private final List<RsaPublicKey> serverKeys;
    private final DeviceInfo device;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final Duration callTimeout;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final ConnectionListener listener;
    private final SessionOptions sessionOptions;
    private final FrameListener frameListener;
    private final ReconnectPolicy reconnect;
    private final DialOptions dialOptions;
    private final @Nullable Duration tempKeys;

    private ClientConfig(Builder b) {
        Endpoint chosen = b.endpoint;
        if (chosen == null) {
            int id = b.dcId == 0 ? TelegramServers.DEFAULT_DC : b.dcId;
            chosen = TelegramServers.dc(id, b.testServers); // names the known ids if there is no such DC
        } else if (b.dcId != 0) {
            throw new IllegalArgumentException("dc(" + b.dcId + ") picks one of Telegram's DCs, but endpoint("
                    + chosen.host() + ":" + chosen.port() + ") was given too; choose one");
        }
        if (b.framing == Framing.FULL && b.obfuscated) {
            throw new IllegalArgumentException("the full framing cannot be obfuscated");
        }
        if (b.framing == Framing.HTTP && (b.obfuscated || b.mtproxy != null || b.webSocket)) {
            throw new IllegalArgumentException(
                    "the HTTP transport is neither obfuscated nor carried by an MTProxy or a WebSocket");
        }
        if (b.mtproxy != null && b.webSocket) {
            throw new IllegalArgumentException(
                    "mtproxy and webSocket cannot be combined: an MTProxy is reached over TCP, choose one");
        }
        if (b.mtproxy != null && b.framing == Framing.FULL) {
            throw new IllegalArgumentException(
                    "mtproxy needs an obfuscated framing (abridged, intermediate or padded), got framing FULL");
        }
        if (b.webSocket && b.framing == Framing.FULL) {
            throw new IllegalArgumentException(
                    "webSocket needs an obfuscated framing (abridged, intermediate or padded), got framing FULL");
        }
        if (b.sslContext != null && !(b.webSocket && b.webSocketSecure)) {
            throw new IllegalArgumentException("sslContext is only used by webSocket(true) (wss), but "
                    + (b.webSocket ? "webSocket(false)" : "no webSocket") + " was configured");
        }
        this.apiId = b.apiId;
        this.apiHash = b.apiHash;
        this.sessionStore = b.sessionStore;
        this.framing = b.framing;
        this.httpProxy = b.httpProxy;
        this.obfuscated = b.obfuscated;
        this.dialer = b.dialer;
        this.mtproxy = b.mtproxy;
        this.webSocket = b.webSocket;
        this.webSocketSecure = b.webSocketSecure;
        this.sslContext = b.sslContext;
        this.endpoint = chosen;
        this.serverKeys = b.serverKeys.isEmpty()
                ? List.of(TelegramServers.key(b.testServers || chosen.test()))
                : List.copyOf(b.serverKeys);
        this.device = b.device;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.callTimeout = b.callTimeout;
        this.clock = b.clock;
        this.random = b.random;
        this.listener = b.listener;
        this.sessionOptions = b.sessionOptions;
        this.frameListener = b.frameListener;
        this.reconnect = b.reconnect;
        this.dialOptions = b.dialOptions;
        this.tempKeys = b.tempKeys;
    }

    /**
     * A builder for an application's api_id and api_hash (from my.telegram.org).
     *
     * @param apiId the application's api_id, sent in initConnection
     * @param apiHash the application's api_hash (kept for the calls that need it; never logged)
     * @return a builder with the defaults described above
     */
    public static Builder builder(int apiId, String apiHash) {
        return new Builder(apiId, apiHash);
    }

    /**
     * Every RSA public key in a PEM file (PKCS#1 or SPKI blocks).
     *
     * @param pemFile a PEM file with one or more public key blocks
     * @return the keys in file order, never empty
     * @throws IOException if the file cannot be read or holds no RSA public key
     */
    public static List<RsaPublicKey> loadKeys(Path pemFile) throws IOException {
        List<RsaPublicKey> keys = RsaPublicKey.allFromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        if (keys.isEmpty()) {
            throw new IOException("no RSA public key found in " + pemFile);
        }
        return keys;
    }

    /** {@return the api_id sent in initConnection} */
    public int apiId() {
        return apiId;
    }

    /** {@return the api_hash given to the builder} */
    public String apiHash() {
        return apiHash;
    }

    /**
     * {@return where the auth key, salts and clock offset are kept between connections; {@link SessionStore#NONE} keeps
     * nothing}
     */
    public SessionStore sessionStore() {
        return sessionStore;
    }

    /**
     * The plain {@code http://} proxy given to {@link Builder#proxy(String)}, if any: the HTTP transport sends its
     * requests to it in absolute form instead of tunnelling with CONNECT.
     *
     * @return the forwarding proxy, or empty
     */
    public Optional<ProxyUri> httpProxy() {
        return Optional.ofNullable(httpProxy);
    }

    /** {@return the MTProto transport framing (intermediate by default)} */
    public Framing framing() {
        return framing;
    }

    /**
     * {@return whether obfuscation (obfuscated2) was asked for; an MTProxy or WebSocket route obfuscates regardless}
     */
    public boolean obfuscated() {
        return obfuscated;
    }

    /**
     * The upstream dialer: reaches the endpoint, or the MTProxy / WebSocket server when one is configured.
     *
     * @return the dialer that opens the socket; {@link Dialer#DIRECT} unless a proxy was set
     */
    public Dialer dialer() {
        return dialer;
    }

    /**
     * The MTProxy every connection goes through, if any.
     *
     * @return the MTProxy link, or empty for none
     */
    public Optional<MtProxyLink> mtproxy() {
        return Optional.ofNullable(mtproxy);
    }

    /**
     * Whether the endpoint is a WebSocket server ({@code /apiws}); see {@link #webSocketSecure()}.
     *
     * @return true if connections are WebSocket connections
     */
    public boolean webSocket() {
        return webSocket;
    }

    /**
     * Whether the WebSocket runs over TLS ({@code wss}); false unless {@link #webSocket()}.
     *
     * @return true for {@code wss}
     */
    public boolean webSocketSecure() {
        return webSocket && webSocketSecure;
    }

    /**
     * The TLS context for {@code wss}; empty means the JDK default (system trust store).
     *
     * @return the context given to {@link Builder#sslContext(SSLContext)}, or empty
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * {@return the address, dc id and environment the client connects to: Telegram's production DC 2 unless configured}
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * {@return the RSA keys a server must sign the key exchange with, never empty: Telegram's key for the environment
     * unless given}
     */
    public List<RsaPublicKey> serverKeys() {
        return serverKeys;
    }

    /** {@return the device, system and language fields sent in initConnection} */
    public DeviceInfo device() {
        return device;
    }

    /** {@return how long dialing (TCP, proxy, TLS) may take before the connect fails} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * {@return how long the transport handshake and key exchange may take before the connection is closed and {@link
     * TelegramClient#connect()} fails with a {@link java.net.SocketTimeoutException}}
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * How long a call waits for its answer before it fails with {@link java.net.SocketTimeoutException}.
     *
     * @return the deadline of every call, from {@link TelegramClient#invoke} or {@link TelegramClient#invokeBlocking}
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** {@return the clock for msg_ids and the clock offset; the system clock unless testing} */
    public InstantSource clock() {
        return clock;
    }

    /** {@return the source of nonces, DH exponents, session ids, paddings and reconnect jitter} */
    public RandomGenerator random() {
        return random;
    }

    /** {@return the listener told about each connection step; {@link ConnectionListener#NONE} by default} */
    public ConnectionListener listener() {
        return listener;
    }

    /** {@return the encrypted session's settings (pings, acks, gzip, registries, completion executor)} */
    public SessionOptions sessionOptions() {
        return sessionOptions;
    }

    /**
     * Sees every MTProto packet sent and received on the client's connections; {@link FrameListener#NONE} by default.
     *
     * @return the frame listener
     */
    public FrameListener frameListener() {
        return frameListener;
    }

    /**
     * What the client does after an established connection was lost; see {@link ReconnectPolicy}.
     *
     * @return the reconnection policy
     */
    public ReconnectPolicy reconnect() {
        return reconnect;
    }

    /**
     * How the client chooses among the DC's addresses when it dials directly; see {@link DialOptions}.
     *
     * @return the dial options, {@link DialOptions#defaults()} unless set
     */
    public DialOptions dialOptions() {
        return dialOptions;
    }

    @Override
    public String toString() {
        String route = mtproxy != null
                ? ", mtproxy=" + mtproxy
                : webSocket ? (webSocketSecure ? ", webSocket=wss" : ", webSocket=ws") : "";
        return "ClientConfig[apiId=" + apiId + ", endpoint=" + endpoint + ", framing=" + framing + ", obfuscated="
                + obfuscated + route + ", keys=" + serverKeys.size()
                + (tempKeys == null ? "" : ", tempKeys=" + tempKeys) + "]";
    }

    /**
     * Whether connections use temporary keys (perfect forward secrecy), and their life. See {@link
     * Builder#tempKeys(Duration)}.
     *
     * @return the life of each temporary key, or empty when the permanent key encrypts the session (the default)
     */
    public Optional<Duration> tempKeys() {
        return Optional.ofNullable(tempKeys);
    }

    /** Collects the settings; see {@link ClientConfig} for the defaults. */
    public static final class Builder {
        private final int apiId;
        private final String apiHash;
        private SessionStore sessionStore = SessionStore.NONE;
        private Framing framing = Framing.INTERMEDIATE;
        private @Nullable ProxyUri httpProxy;
        private boolean obfuscated;
        private Dialer dialer = Dialer.DIRECT;
        private @Nullable MtProxyLink mtproxy;
        private boolean webSocket;
        private boolean webSocketSecure;
        private @Nullable SSLContext sslContext;
        private @Nullable Endpoint endpoint;
        private int dcId; // 0: Telegram's default DC
        private boolean testServers;
        private final List<RsaPublicKey> serverKeys = new ArrayList<>();
        private DeviceInfo device = DeviceInfo.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SecureRandom();
        private ConnectionListener listener = ConnectionListener.NONE;
        private SessionOptions sessionOptions = SessionOptions.defaults();
        private FrameListener frameListener = FrameListener.NONE;
        private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
        private DialOptions dialOptions = DialOptions.defaults();
        private @Nullable Duration tempKeys;

        private Builder(int apiId, String apiHash) {
            this.apiId = apiId;
            this.apiHash = Objects.requireNonNull(apiHash, "apiHash");
        }

        /**
         * Keep the session (auth key, salt, clock offset) in this file, created rw-------.
         *
         * @param path the session file; its directory must exist
         * @return this builder
         */
        public Builder sessionFile(Path path) {
            this.sessionStore = new SessionFile(path);
            return this;
        }

        /**
         * Keeps the session state in {@code store} instead of a file (for example a database row).
         *
         * @param store where state is loaded from and saved to
         * @return this builder
         */
        public Builder sessionStore(SessionStore store) {
            this.sessionStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Chooses the transport framing; an MTProxy with a {@code dd} or {@code ee} secret overrides it with padded
         * intermediate.
         *
         * @param framing abridged, intermediate, padded intermediate or full
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /**
         * Whether to obfuscate the stream (obfuscated2), which hides the framing from a censor; the full framing
         * cannot be obfuscated.
         *
         * @param obfuscated true to obfuscate
         * @return this builder
         */
        public Builder obfuscated(boolean obfuscated) {
            this.obfuscated = obfuscated;
            return this;
        }

        /**
         * Opens sockets with {@code dialer} (a proxy chain, a custom resolver); replaces a {@link #proxy(String)} set
         * before.
         *
         * @param dialer the upstream dialer
         * @return this builder
         */
        public Builder dialer(Dialer dialer) {
            this.dialer = Objects.requireNonNull(dialer, "dialer");
            this.httpProxy = null;
            return this;
        }

        /**
         * Dial through a proxy given as URI ({@code socks5://user:pass@host:port}, {@code http://host:port}), or use an
         * MTProxy link ({@code tg://proxy?server=..&port=..&secret=..} or {@code https://t.me/proxy?...}), which is the
         * same as {@link #mtproxy(MtProxyLink)}. A SOCKS5/HTTP proxy replaces the upstream dialer; an MTProxy link
         * keeps it, so {@code proxy("socks5://...").proxy("tg://proxy?...")} reaches the MTProxy through SOCKS5.
         *
         * @throws io.mtj.transport.proxy.ProxyUriException or {@link io.mtj.transport.mtproxy.MtProxyFormatException}
         *     naming the part of the URI that is wrong
         * @param uri a proxy URI or an MTProxy link
         * @return this builder
         */
        public Builder proxy(String uri) {
            if (isMtProxyLink(uri)) {
                return mtproxy(MtProxyLink.parse(uri));
            }
            ProxyUri proxy = ProxyUri.parse(uri);
            this.dialer = proxy.dialer(Dialer.DIRECT);
            this.httpProxy = proxy.scheme() == ProxyUri.Scheme.HTTP ? proxy : null;
            return this;
        }

        /**
         * The HTTP transport ({@link Framing#HTTP}) goes through this plain {@code http://} proxy as HTTP: requests in
         * absolute form ({@code POST http://dc/api}), no CONNECT tunnel. {@link #proxy(String)} sets this too.
         *
         * @param proxy an {@code http://} proxy
         * @return this builder
         * @throws IllegalArgumentException if the proxy is not an {@code http://} one
         */
        public Builder httpForwardProxy(ProxyUri proxy) {
            if (proxy.scheme() != ProxyUri.Scheme.HTTP) {
                throw new IllegalArgumentException("a forwarding proxy for the HTTP transport is an http:// proxy, got "
                        + proxy.scheme().text());
            }
            this.httpProxy = proxy;
            return this;
        }

        /**
         * Connects through this MTProxy: the socket goes to the proxy (reached with the dialer), the endpoint's DC id
         * travels in the obfuscation header, {@code dd}/{@code ee} secrets force padded intermediate framing and
         * {@code ee} adds fake TLS. Cannot be combined with {@link #webSocket(boolean)}.
         *
         * @param link the MTProxy's address and secret
         * @return this builder
         */
        public Builder mtproxy(MtProxyLink link) {
            this.mtproxy = Objects.requireNonNull(link, "link");
            return this;
        }

        /**
         * Speaks to the endpoint over WebSocket ({@code /apiws}, obfuscated stream inside binary messages), over TLS
         * when {@code secure} (certificate checked against the endpoint host, see {@link #sslContext(SSLContext)}).
         * Implies obfuscation. Cannot be combined with {@link #mtproxy(MtProxyLink)}.
         *
         * @param secure true for {@code wss}, false for {@code ws}
         * @return this builder
         */
        public Builder webSocket(boolean secure) {
            this.webSocket = true;
            this.webSocketSecure = secure;
            return this;
        }

        /**
         * The TLS context for {@code webSocket(true)} (e.g. trusting a test certificate); the JDK default otherwise.
         *
         * @param context the TLS context, for example one trusting a self-signed certificate
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Connects to this address instead of one of Telegram's listed DCs (a test DC, a WebSocket server). Telegram's
         * key stays trusted unless {@link #serverKeys(List)} gives others.
         *
         * @param endpoint the address, dc id and environment to connect to
         * @return this builder
         */
        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * Connects to Telegram's DC {@code dcId} (1..5 in production, 1..3 on the test servers) instead of DC 2; see
         * {@link TelegramServers}. Cannot be combined with {@link #endpoint(Endpoint)}.
         *
         * @param dcId the DC's id
         * @return this builder
         */
        public Builder dc(int dcId) {
            this.dcId = dcId;
            return this;
        }

        /**
         * Uses Telegram's test servers: the test DC list ({@link TelegramServers#TEST_IPV4}) and the test RSA key
         * (unless {@link #serverKeys(List)} gives others). Accounts there are separate from production ones.
         *
         * @return this builder
         */
        public Builder testServers() {
            this.testServers = true;
            return this;
        }

        /**
         * Adds trusted server RSA keys, replacing Telegram's default key; the key exchange only accepts a server
         * offering one of them.
         *
         * @param keys keys to add (see {@link ClientConfig#loadKeys(Path)})
         * @return this builder
         */
        public Builder serverKeys(List<RsaPublicKey> keys) {
            serverKeys.addAll(keys);
            return this;
        }

        /**
         * Sets the device, system and language fields sent in initConnection.
         *
         * @param device the fields
         * @return this builder
         */
        public Builder device(DeviceInfo device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * Sets how long dialing may take (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long the transport handshake and key exchange may take (default 30 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /**
         * Sets every call's deadline (default 60 s).
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /**
         * Replaces the system clock (for tests and replayable handshakes).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Source of nonces, DH exponents, session ids and paddings; {@link SecureRandom} unless testing.
         *
         * @param random the generator; a seeded one makes handshakes replayable in tests
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Reports each connection step to {@code listener}; see {@link ConnectionListener} for its threading rules.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ConnectionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the encrypted session's settings ({@link SessionOptions#defaults()} otherwise).
         *
         * @param options the settings
         * @return this builder
         */
        public Builder sessionOptions(SessionOptions options) {
            this.sessionOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Reports every frame the client's transports send and receive (packet bytes, quick acks, error codes), for
         * tracing. Called inline on the I/O threads; see {@link FrameListener}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder frameListener(FrameListener listener) {
            this.frameListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether and how the client reconnects by itself after a lost connection ({@link ReconnectPolicy#defaults()}
         * unless set; {@link ReconnectPolicy#NEVER} leaves reconnecting to the caller).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How the client chooses among the DC's addresses when it dials directly: family preference, stagger,
         * cooldown, further addresses ({@link DialOptions#defaults()} unless set).
         *
         * @param options the dial options; their cooldown is shared with every configuration built from them
         * @return this builder
         */
        public Builder dialOptions(DialOptions options) {
            this.dialOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Temporary keys (perfect forward secrecy, core.telegram.org/mtproto/pfs), off by default. With a positive
         * {@code lifetime}, the permanent key (loaded from the session store, or made when missing, as without this
         * option) encrypts nothing but the binding: every connection runs on a temporary key made with that
         * expires_in and bound by {@code auth.bindTempAuthKey} before any other request. A new key is made and bound
         * three quarters into a key's life; calls already sent finish under the old one and new calls go out under
         * the new one, so none is lost or run twice. When the server has forgotten the key (transport error -404), a
         * new one is made and bound: calls never written under the old key are sent in the new session, calls whose
         * fate cannot be known fail with {@link OutcomeUnknownException}. The key's life is measured on the {@link
         * #clock(InstantSource) clock} corrected by the server's time. {@link Duration#ZERO} switches them off.
         * Temporary keys are never stored, and {@link TelegramClient#authKeyId()} stays the permanent key's id.
         *
         * @param lifetime expires_in of each temporary key (tdlib uses {@link #DEFAULT_TEMP_KEY_LIFETIME}): zero, or
         *     between one minute and 365 days
         * @return this builder
         * @throws IllegalArgumentException if {@code lifetime} is negative or outside that range
         */
        public Builder tempKeys(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isZero()) {
                this.tempKeys = null;
                return this;
            }
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException(
                        "tempKeys lifetime must be zero (off) or between 1 minute and 365 days, got " + lifetime);
            }
            this.tempKeys = lifetime;
            return this;
        }

        /**
         * Checks the combination and builds the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalArgumentException naming the conflicting settings (full framing with obfuscation or an
         *     MTProxy, MTProxy with WebSocket, an sslContext without wss, dc(n) with endpoint(...), a DC id Telegram
         *     does not have)
         */
        public ClientConfig build() {
            return new ClientConfig(this);
        }

        static boolean isMtProxyLink(String uri) {
            String text = uri.strip().toLowerCase(Locale.ROOT);
            return text.startsWith("tg:")
                    || text.startsWith("https://t.me/proxy")
                    || text.startsWith("http://t.me/proxy")
                    || text.startsWith("https://www.t.me/proxy")
                    || text.startsWith("https://telegram.me/proxy")
                    || text.startsWith("http://telegram.me/proxy");
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
