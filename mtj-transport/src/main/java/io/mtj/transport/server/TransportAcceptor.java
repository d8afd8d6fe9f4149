package io.mtj.transport.server;

import io.mtj.transport.EndOfStream;
import io.mtj.transport.FrameException;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Framing;
import io.mtj.transport.PushbackWire;
import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import io.mtj.transport.codec.FrameCodec;
import io.mtj.transport.codec.FullCodec;
import io.mtj.transport.codec.Side;
import io.mtj.transport.obfs.ObfuscatedWire;
import io.mtj.transport.obfs.ObfuscationHeader;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Recognises the framing a client speaks from its first bytes and returns the server-side
 * transport, reading no byte past the detection and losing none:
 *
 * <ul>
 *   <li>{@code ef}: abridged (1 byte read);
 *   <li>{@code ee ee ee ee}: intermediate; {@code dd dd dd dd}: padded intermediate (4 bytes read);
 *   <li>otherwise 8 bytes are read: a second int of 0 is a full-framing seqno 0, so the 8 bytes are a
 *       full frame's length and seqno and are pushed back for the full codec (obfuscation headers
 *       may not have a zero second int for exactly this reason);
 *   <li>otherwise the 64-byte obfuscation header: without a secret (when allowed), then each MTProxy
 *       secret in turn, until one decrypts to a known protocol tag.
 * </ul>
 *
 * {@code POST} starts MTProto's HTTP transport ({@link Framing#HTTP}: the four bytes are pushed back
 * for the HTTP codec). Other HTTP verbs and TLS record headers are refused with {@link
 * FrameException.Fault#UNKNOWN_TAG}.
 * Immutable and thread-safe; one instance serves all connections.
 */
public final class TransportAcceptor {
    private static final int HTTP_POST = 0x54534f50; // "POST", read little-endian

    private final List<byte[]> secrets;
    private final boolean allowNoSecret;
    private final boolean requireObfuscation;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration frameTimeout;
    private final Duration writeTimeout;
    private final int maxFrame;
    private final RandomGenerator random;

    private TransportAcceptor(Builder b) {
        List<byte[]> copies = new ArrayList<>();
        for (byte[] s : b.secrets) {
            copies.add(s.clone());
        }
        this.secrets = List.copyOf(copies);
        this.allowNoSecret = b.allowNoSecret;
        this.requireObfuscation = b.requireObfuscation;
        this.headerTimeout = b.headerTimeout;
        this.idleTimeout = b.idleTimeout;
        this.frameTimeout = b.frameTimeout;
        this.writeTimeout = b.writeTimeout;
        this.maxFrame = b.maxFrame;
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Wraps the accepted socket in a {@link SocketWire} and detects; closes the socket on failure. */
    public Accepted accept(Socket socket) throws IOException {
        SocketWire wire;
        try {
            wire = new SocketWire(socket, writeTimeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return accept(wire);
    }

    /** Detects the framing on {@code wire}; closes the wire on failure. */
    public Accepted accept(Wire wire) throws IOException {
        try {
            return detect(wire);
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private Accepted detect(Wire wire) throws IOException {
        wire.readTimeout(headerTimeout);
        byte[] head = new byte[ObfuscationHeader.LENGTH];
        read(wire, head, 0, 1);
        if ((head[0] & 0xff) == 0xef) {
            return plain(wire, Framing.ABRIDGED, 1);
        }
        read(wire, head, 1, 3);
        int first = intLe(head, 0);
        if (first == 0xeeeeeeee) {
            return plain(wire, Framing.INTERMEDIATE, 4);
        }
        if (first == 0xdddddddd) {
            return plain(wire, Framing.PADDED_INTERMEDIATE, 4);
        }
        if (first == HTTP_POST) {
            // MTProto's HTTP transport: the codec reads the request line, so the four bytes go back
            return plain(new PushbackWire(wire, java.util.Arrays.copyOf(head, 4)), Framing.HTTP, 0);
        }
        String other = otherProtocol(first);
        if (other != null) {
            throw new FrameException(FrameException.Fault.UNKNOWN_TAG, 0, other);
        }
        read(wire, head, 4, 4);
        if (intLe(head, 4) == 0) {
            long length = first & 0x7fffffff; // bit 31 is the quick-ack bit

            if (length < FullCodec.OVERHEAD || (length & 3) != 0 || length - FullCodec.OVERHEAD > maxFrame) {
                throw new FrameException(
                        FrameException.Fault.UNKNOWN_TAG,
                        0,
                        "seqno 0 suggests the full framing but its length 0x" + Long.toHexString(length)
                                + " is not a multiple of 4 within 12..max+12");
            }
            if (requireObfuscation) {
                throw new FrameException(
                        FrameException.Fault.UNKNOWN_TAG, 0, "full framing refused: this port requires obfuscation");
            }
            byte[] pushed = java.util.Arrays.copyOf(head, 8);
            return plain(new PushbackWire(wire, pushed), Framing.FULL, 0);
        }
        read(wire, head, 8, ObfuscationHeader.LENGTH - 8);
        ObfuscatedWire obfuscated = ObfuscatedWire.server(wire, head, secrets, allowNoSecret);
        java.util.Arrays.fill(head, (byte) 0);
        FrameCodec codec = codec(obfuscated.framing()).receivedOffset(ObfuscationHeader.LENGTH);
        return new Accepted(
                FramedTransport.server(obfuscated, codec),
                obfuscated.framing(),
                true,
                obfuscated.dcId(),
                obfuscated.secretIndex());
    }

    private Accepted plain(Wire wire, Framing framing, int consumed) throws IOException {
        if (requireObfuscation && framing != Framing.FULL) {
            throw new FrameException(
                    FrameException.Fault.UNKNOWN_TAG,
                    0,
                    "plain " + framing + " tag refused: this port requires obfuscation");
        }
        FrameCodec codec = codec(framing).receivedOffset(consumed);
        return new Accepted(FramedTransport.server(wire, codec), framing, false, 0, -1);
    }

    private FrameCodec codec(Framing framing) {
        return FrameCodec.of(framing, Side.SERVER, maxFrame, random).timeouts(idleTimeout, frameTimeout);
    }

    private static @org.jspecify.annotations.Nullable String otherProtocol(int first) {
        return switch (first) {
            case 0x44414548, 0x20544547, 0x4954504f ->
                "the client speaks HTTP but not POST (the MTProto HTTP transport is POST /api)";
            case 0x02010316 -> "a TLS record header: unwrap fake-TLS before detection";
            default -> null;
        };
    }

    private void read(Wire wire, byte[] buf, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = wire.read(buf, off + done, len - done);
            } catch (SocketTimeoutException e) {
                throw new FrameException(
                        FrameException.Fault.STALLED,
                        off + done,
                        "client sent no complete header within " + headerTimeout.toMillis() + " ms",
                        e);
            }
            if (n < 0) {
                if (off + done == 0) {
                    throw new EndOfStream(0);
                }
                throw new FrameException(
                        FrameException.Fault.TRUNCATED,
                        off + done,
                        "stream ended during protocol detection after " + (off + done) + " bytes");
            }
            done += n;
        }
    }

    private static int intLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** Defaults: no secrets, plain obfuscation and plain framings allowed, 10 s timeouts. */
    public static final class Builder {
        private final List<byte[]> secrets = new ArrayList<>();
        private boolean allowNoSecret = true;
        private boolean requireObfuscation;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration frameTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(10);
        private int maxFrame = FrameCodec.DEFAULT_MAX_FRAME;
        private RandomGenerator random = new SecureRandom();

        private Builder() {}

        /** Adds a 16-byte MTProxy secret to try on obfuscation headers. */
        public Builder secret(byte[] secret) {
            if (secret.length != 16) {
                throw new IllegalArgumentException("MTProxy secret must be 16 bytes, got " + secret.length);
            }
            secrets.add(secret.clone());
            return this;
        }

        /** Whether an obfuscation header without a secret is accepted (default true). */
        public Builder allowNoSecret(boolean allow) {
            this.allowNoSecret = allow;
            return this;
        }

        /** Refuse plain framings, as an MTProxy does (default false). */
        public Builder requireObfuscation(boolean require) {
            this.requireObfuscation = require;
            return this;
        }

        /** How long the client may take to send its tag or header. */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = timeout;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder frameTimeout(Duration timeout) {
            this.frameTimeout = timeout;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        public Builder maxFrame(int maxFrame) {
            this.maxFrame = maxFrame;
            return this;
        }

        /** Padding randomness for padded intermediate replies. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public TransportAcceptor build() {
            return new TransportAcceptor(this);
        }
    }
}
