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

    /**
     * Starts a builder holding the defaults listed on {@link Builder}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options with every default: intermediate framing, not obfuscated, direct dialing, 10 s connect, frame
     * and write timeouts, no idle timeout.
     *
     * @return the default options
     */
    public static TransportOptions defaults() {
        return builder().build();
    }

    /**
     * Tells which framing the transport speaks.
     *
     * @return the framing, never null
     */
    public Framing framing() {
        return framing;
    }

    /**
     * Tells whether the stream is obfuscated; always true when an MTProxy secret is set.
     *
     * @return true if the transport obfuscates its stream
     */
    public boolean obfuscated() {
        return obfuscated;
    }

    /**
     * Gives the MTProxy secret the obfuscation keys are mixed with.
     *
     * @return a fresh copy of the 16-byte secret, or null when no MTProxy is used
     */
    public byte @Nullable [] proxySecret() {
        return proxySecret == null ? null : proxySecret.clone();
    }

    /**
     * Tells how the TCP connection is opened (directly, through proxies, or a race).
     *
     * @return the dialer, never null
     */
    public Dialer dialer() {
        return dialer;
    }

    /**
     * Lists the layers stacked on the socket, the first added nearest to it.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<WireLayer> layers() {
        return layers;
    }

    /**
     * Tells how long dialing may take before it fails.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Tells how long a receive waits for a frame to begin.
     *
     * @return the idle timeout; zero waits forever
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * Tells how long the peer may stay silent inside a started frame before the read fails as stalled.
     *
     * @return the frame timeout
     */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /**
     * Tells how long one socket write may block before the connection is closed.
     *
     * @return the write timeout
     */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * Tells the largest payload sent or accepted.
     *
     * @return the maximum payload length in bytes
     */
    public int maxFrame() {
        return maxFrame;
    }

    /**
     * Gives the source of obfuscation headers and padding.
     *
     * @return the random generator, never null
     */
    public RandomGenerator random() {
        return random;
    }

    /**
     * Gives the listener that sees every frame sent and received.
     *
     * @return the listener; {@link FrameListener#NONE} unless one was set
     */
    public FrameListener frameListener() {
        return frameListener;
    }

    /** {@return whether, with HTTP framing, requests go to a plain HTTP proxy in absolute form ({@code POST http://host/api})} */
    public boolean httpViaProxy() {
        return httpViaProxy;
    }

    /** {@return with HTTP framing through a plain proxy, the {@code Proxy-Authorization} value, or null} */
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
         *
         * @param proxyAuthorization the {@code Proxy-Authorization} header's value, or null for none
         * @return this builder
         */
        public Builder httpViaProxy(@Nullable String proxyAuthorization) {
            this.httpViaProxy = true;
            this.httpProxyAuthorization = proxyAuthorization;
            return this;
        }

        /**
         * Sets the framing.
         *
         * @param framing the framing; {@link Framing#FULL} cannot be combined with obfuscation
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = framing;
            return this;
        }

        /**
         * Turns stream obfuscation on or off; an MTProxy secret turns it on regardless.
         *
         * @param obfuscated whether to obfuscate
         * @return this builder
         */
        public Builder obfuscated(boolean obfuscated) {
            this.obfuscated = obfuscated;
            return this;
        }

        /**
         * Sets the MTProxy secret; implies obfuscation. The array is copied; its length is checked by
         * {@link #build()}.
         *
         * @param secret the 16-byte secret, or null for no MTProxy
         * @return this builder
         */
        public Builder proxySecret(byte @Nullable [] secret) {
            this.proxySecret = secret == null ? null : secret.clone();
            return this;
        }

        /**
         * Sets how the TCP connection is opened.
         *
         * @param dialer the dialer; {@link Dialer#DIRECT} by default
         * @return this builder
         */
        public Builder dialer(Dialer dialer) {
            this.dialer = dialer;
            return this;
        }

        /**
         * Adds a layer between the socket and the obfuscation, applied in the order added.
         *
         * @param layer the layer to add (for example TLS or WebSocket)
         * @return this builder
         */
        public Builder layer(WireLayer layer) {
            layers.add(layer);
            return this;
        }

        /**
         * Sets how long dialing may take; 10 s by default.
         *
         * @param timeout the connect timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets how long receive waits for a frame to start; zero (the default) waits forever.
         *
         * @param timeout the idle timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a started frame may stall before the connection fails; 10 s by default.
         *
         * @param timeout the frame timeout
         * @return this builder
         */
        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = timeout;
            return this;
        }

        /**
         * Sets how long one socket write may block before the connection is closed; 10 s by default.
         *
         * @param timeout the write timeout
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        /**
         * Sets the largest payload accepted or sent; {@link FrameCodec#DEFAULT_MAX_FRAME} by default.
         *
         * @param maxFrame the maximum payload length in bytes; at least 4 when the transport is built
         * @return this builder
         */
        public Builder maxFrame(int maxFrame) {
            this.maxFrame = maxFrame;
            return this;
        }

        /**
         * Sets the source of header randomness and padding; {@link SecureRandom} by default.
         *
         * @param random the random generator; a seeded one makes handshakes replayable in tests
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /**
         * Sets the listener that sees every frame sent and received (for tracing).
         *
         * @param listener the listener; {@link FrameListener#NONE} by default
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder frameListener(FrameListener listener) {
            this.frameListener = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the options from the values set so far; the builder stays usable.
         *
         * @return new immutable options
         * @throws IllegalArgumentException if the full framing is combined with obfuscation or an MTProxy secret, or
         *     the secret is not 16 bytes
         */
        public TransportOptions build() {
            return new TransportOptions(this);
        }
    }
}
