package io.mtj.transport;

import io.mtj.transport.codec.FrameCodec;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How a client transport is assembled: {@code dialer -> SocketWire -> layers -> [obfuscation] ->
 * framing}. Immutable; build with {@link #builder()}.
 */
public final class TransportOptions {
    private final Framing framing;
    private final boolean obfuscated;
    private final byte @Nullable [] proxySecret;
    private final Dialer dialer;
    private final List<WireLayer> layers;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final Duration frameTimeout;
    private final Duration writeTimeout;
    private final int maxFrame;
    private final RandomGenerator random;
    private final FrameListener frameListener;
    private final boolean httpViaProxy;
    private final @Nullable String httpProxyAuthorization;

    private TransportOptions(Builder b) {
        if (b.framing == Framing.FULL && (b.obfuscated || b.proxySecret != null)) {
            throw new IllegalArgumentException("the full framing cannot be obfuscated (it has no protocol tag)");
        }
        if (b.framing == Framing.HTTP && (b.obfuscated || b.proxySecret != null)) {
            throw new IllegalArgumentException("the HTTP transport cannot be obfuscated (it has no protocol tag)");
        }
        if (b.proxySecret != null && b.proxySecret.length != 16) {
            throw new IllegalArgumentException("MTProxy secret must be 16 bytes, got " + b.proxySecret.length);
        }
        this.framing = b.framing;
        this.obfuscated = b.obfuscated || b.proxySecret != null;
        this.proxySecret = b.proxySecret == null ? null : b.proxySecret.clone();
        this.dialer = b.dialer;
        this.layers = List.copyOf(b.layers);
        this.connectTimeout = b.connectTimeout;
        this.idleTimeout = b.idleTimeout;
        this.frameTimeout = b.frameTimeout;
        this.writeTimeout = b.writeTimeout;
        this.maxFrame = b.maxFrame;
        this.random = b.random;
        this.frameListener = b.frameListener;
        this.httpViaProxy = b.httpViaProxy;
        this.httpProxyAuthorization = b.httpProxyAuthorization;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Intermediate framing, not obfuscated, direct dialing. */
    public static TransportOptions defaults() {
        return builder().build();
    }

    public Framing framing() {
        return framing;
    }

    public boolean obfuscated() {
        return obfuscated;
    }

    /** A copy of the 16-byte MTProxy secret, or null. */
    public byte @Nullable [] proxySecret() {
        return proxySecret == null ? null : proxySecret.clone();
    }

    public Dialer dialer() {
        return dialer;
    }

    public List<WireLayer> layers() {
        return layers;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration frameTimeout() {
        return frameTimeout;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    public int maxFrame() {
        return maxFrame;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Sees every frame sent and received; {@link FrameListener#NONE} by default. */
    public FrameListener frameListener() {
        return frameListener;
    }

    /** HTTP framing: requests go to a plain HTTP proxy in absolute form ({@code POST http://host/api}). */
    public boolean httpViaProxy() {
        return httpViaProxy;
    }

    /** HTTP framing through a plain proxy: the {@code Proxy-Authorization} value, or null. */
    public @Nullable String httpProxyAuthorization() {
        return httpProxyAuthorization;
    }

    /** Builder with defaults: intermediate, plain, {@link Dialer#DIRECT}, 10 s connect/frame/write. */
    public static final class Builder {
        private Framing framing = Framing.INTERMEDIATE;
        private boolean obfuscated;
        private byte @Nullable [] proxySecret;
        private Dialer dialer = Dialer.DIRECT;
        private final List<WireLayer> layers = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration frameTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private int maxFrame = FrameCodec.DEFAULT_MAX_FRAME;
        private RandomGenerator random = new SecureRandom();
        private FrameListener frameListener = FrameListener.NONE;
        private boolean httpViaProxy;
        private @Nullable String httpProxyAuthorization;

        private Builder() {}

        /**
         * HTTP framing through a plain (forwarding) HTTP proxy: requests use the absolute form and
         * carry {@code proxyAuthorization} when not null. The dialer must reach the proxy itself
         * (see {@code HttpTransport.viaForwardProxy}).
         */
        public Builder httpViaProxy(@Nullable String proxyAuthorization) {
            this.httpViaProxy = true;
            this.httpProxyAuthorization = proxyAuthorization;
            return this;
        }

        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        public Builder obfuscated(boolean obfuscated) {
            this.obfuscated = obfuscated;
            return this;
        }

        /** A 16-byte MTProxy secret; implies obfuscation. Copied. */
        public Builder proxySecret(byte @Nullable [] secret) {
            this.proxySecret = secret == null ? null : secret.clone();
            return this;
        }

        public Builder dialer(Dialer dialer) {
            this.dialer = dialer;
            return this;
        }

        /** Adds a layer between the socket and the obfuscation, applied in the order added. */
        public Builder layer(WireLayer layer) {
            layers.add(layer);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long receive waits for a frame to start; zero (the default) waits forever. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** How long a started frame may stall before the connection fails. */
        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = timeout;
            return this;
        }

        /** How long one socket write may block before the connection is closed. */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        /** Largest payload accepted or sent. */
        public Builder maxFrame(int maxFrame) {
            this.maxFrame = maxFrame;
            return this;
        }

        /** Source of header randomness and padding; {@link SecureRandom} by default. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** Sees every frame sent and received (for tracing); {@link FrameListener#NONE} by default. */
        public Builder frameListener(FrameListener listener) {
            this.frameListener = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        public TransportOptions build() {
            return new TransportOptions(this);
        }
    }
}
