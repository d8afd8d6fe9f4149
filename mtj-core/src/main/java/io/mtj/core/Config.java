package io.mtj.core;

import io.mtj.core.session.SessionOptions;
import io.mtj.core.storage.SessionFile;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Dialer;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
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
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Everything a {@link TelegramClient} needs. Immutable; build with {@link #builder(int, String)}.
 *
 * <p>Defaults: production DC 2 at 149.154.167.50:443, intermediate framing without obfuscation, direct dialing, no
 * session file (every connect runs a key exchange), {@link DeviceInfo#defaults()}, 10 s connect timeout, 30 s
 * handshake timeout (key exchange), 60 s call timeout for {@link TelegramClient#invokeBlocking}, the system clock,
 * {@link SecureRandom}. Trusted server keys have no default: Telegram's keys are not shipped with the library; load
 * them with {@link #loadKeys(Path)}.
 */
public final class Config {
    /** Telegram production DC 2. */
    public static final Endpoint DEFAULT_ENDPOINT = Endpoint.of("149.154.167.50", 443, 2);

    private final int apiId;
    private final String apiHash;
    private final SessionStore sessionStore;
    private final Framing framing;
    private final boolean obfuscated;
    private final Dialer dialer;
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

    private Config(Builder b) {
        if (b.serverKeys.isEmpty()) {
            throw new IllegalArgumentException("no trusted server keys: add at least one with serverKeys(...)");
        }
        if (b.framing == Framing.FULL && b.obfuscated) {
            throw new IllegalArgumentException("the full framing cannot be obfuscated");
        }
        this.apiId = b.apiId;
        this.apiHash = b.apiHash;
        this.sessionStore = b.sessionStore;
        this.framing = b.framing;
        this.obfuscated = b.obfuscated;
        this.dialer = b.dialer;
        this.endpoint = b.endpoint;
        this.serverKeys = List.copyOf(b.serverKeys);
        this.device = b.device;
        this.connectTimeout = b.connectTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.callTimeout = b.callTimeout;
        this.clock = b.clock;
        this.random = b.random;
        this.listener = b.listener;
        this.sessionOptions = b.sessionOptions;
    }

    /** A builder for an application's api_id and api_hash (from my.telegram.org). */
    public static Builder builder(int apiId, String apiHash) {
        return new Builder(apiId, apiHash);
    }

    /** Every RSA public key in a PEM file (PKCS#1 or SPKI blocks). */
    public static List<RsaPublicKey> loadKeys(Path pemFile) throws IOException {
        List<RsaPublicKey> keys = RsaPublicKey.allFromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        if (keys.isEmpty()) {
            throw new IOException("no RSA public key found in " + pemFile);
        }
        return keys;
    }

    public int apiId() {
        return apiId;
    }

    public String apiHash() {
        return apiHash;
    }

    public SessionStore sessionStore() {
        return sessionStore;
    }

    public Framing framing() {
        return framing;
    }

    public boolean obfuscated() {
        return obfuscated;
    }

    public Dialer dialer() {
        return dialer;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public List<RsaPublicKey> serverKeys() {
        return serverKeys;
    }

    public DeviceInfo device() {
        return device;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public InstantSource clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    public ConnectionListener listener() {
        return listener;
    }

    public SessionOptions sessionOptions() {
        return sessionOptions;
    }

    @Override
    public String toString() {
        return "Config[apiId=" + apiId + ", endpoint=" + endpoint + ", framing=" + framing + ", obfuscated="
                + obfuscated + ", keys=" + serverKeys.size() + "]";
    }

    /** Collects the settings; see {@link Config} for the defaults. */
    public static final class Builder {
        private final int apiId;
        private final String apiHash;
        private SessionStore sessionStore = SessionStore.NONE;
        private Framing framing = Framing.INTERMEDIATE;
        private boolean obfuscated;
        private Dialer dialer = Dialer.DIRECT;
        private Endpoint endpoint = DEFAULT_ENDPOINT;
        private final List<RsaPublicKey> serverKeys = new ArrayList<>();
        private DeviceInfo device = DeviceInfo.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private InstantSource clock = InstantSource.system();
        private RandomGenerator random = new SecureRandom();
        private ConnectionListener listener = ConnectionListener.NONE;
        private SessionOptions sessionOptions = SessionOptions.defaults();

        private Builder(int apiId, String apiHash) {
            this.apiId = apiId;
            this.apiHash = Objects.requireNonNull(apiHash, "apiHash");
        }

        /** Keep the session (auth key, salt, clock offset) in this file, created rw-------. */
        public Builder sessionFile(Path path) {
            this.sessionStore = new SessionFile(path);
            return this;
        }

        public Builder sessionStore(SessionStore store) {
            this.sessionStore = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        public Builder obfuscated(boolean obfuscated) {
            this.obfuscated = obfuscated;
            return this;
        }

        public Builder dialer(Dialer dialer) {
            this.dialer = Objects.requireNonNull(dialer, "dialer");
            return this;
        }

        /** Dial through a proxy given as URI ({@code socks5://user:pass@host:port}, {@code http://host:port}). */
        public Builder proxy(String uri) {
            this.dialer = ProxyUri.parse(uri).dialer(Dialer.DIRECT);
            return this;
        }

        public Builder endpoint(Endpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Adds trusted server RSA keys; the key exchange only accepts a server offering one of them. */
        public Builder serverKeys(List<RsaPublicKey> keys) {
            serverKeys.addAll(keys);
            return this;
        }

        public Builder device(DeviceInfo device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Source of nonces, DH exponents, session ids and paddings; {@link SecureRandom} unless testing. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder listener(ConnectionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder sessionOptions(SessionOptions options) {
            this.sessionOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        public Config build() {
            return new Config(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
