package io.mtj.transport.mtproxy;

import io.mtj.transport.PushbackWire;
import io.mtj.transport.Wire;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.EOFException;
import java.io.IOException;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Server side, in front of protocol detection: recognises a fake-TLS ClientHello (a handshake record
 * {@code 16 03 01}, whose first eleven bytes must also read as a ClientHello header: type 1, a
 * handshake length four less than the record's, version 0303, so a random obfuscation header
 * matches with odds of 2^-64; hellos of any size are accepted, tdlib's 517-byte one of before 2025
 * and its 1.7 KB one since) or a WebSocket upgrade ({@code GET }), runs that
 * layer's handshake, and returns the wire on which the obfuscation header and framing follow. Any
 * other first bytes are handed back untouched. This lets one test-DC port serve direct, MTProxy
 * fake-TLS and WebSocket clients:
 *
 * <pre>{@code
 * Unwrapped u = outerLayers.accept(new SocketWire(socket, writeTimeout));
 * Accepted a = transportAcceptor.accept(u.wire());
 * }</pre>
 *
 * <p>Immutable and thread-safe when the fake-TLS server's random generator is. On failure the wire
 * is closed and the handshake's exception propagates.
 */
public final class OuterLayerAcceptor {
    private static final int HELLO_HEADER = 11; // record header, type, length, client version
    private static final int HTTP_GET = 0x20544547; // "GET ", read little-endian

    private final @Nullable FakeTlsServer fakeTls;
    private final @Nullable String webSocketPath;
    private final RandomGenerator random;
    private final long maxWebSocketFrame;

    /** Which outer layer a connection arrived with. */
    public enum Layer {
        /**
         * No outer layer: the obfuscated stream (or a plain tag) starts at once.
         */
        NONE,
        /**
         * Fake-TLS records, opened with an MTProxy ClientHello.
         */
        FAKE_TLS,
        /**
         * A WebSocket upgrade request, then binary frames.
         */
        WEBSOCKET
    }

    /**
     * A connection with its outer layer removed.
     *
     * @param wire where obfuscation and framing continue
     * @param layer which outer layer was found
     * @param secret the MTProxy secret a fake-TLS client proved, else null
     */
    public record Unwrapped(
            Wire wire, Layer layer, @Nullable MtProxySecret secret) {}

    /**
     * Creates an acceptor for the outer layers it is given.
     *
     * @param fakeTls serves fake-TLS clients; null refuses them (left to protocol detection, which
     *     rejects TLS records)
     * @param webSocketPath serves WebSocket clients on this path; null refuses them likewise
     * @param random masking randomness for WebSocket (server frames are not masked, so rarely used)
     * @param maxWebSocketFrame the largest WebSocket frame payload accepted from a client, in bytes
     */
    public OuterLayerAcceptor(
            @Nullable FakeTlsServer fakeTls,
            @Nullable String webSocketPath,
            RandomGenerator random,
            long maxWebSocketFrame) {
        this.fakeTls = fakeTls;
        this.webSocketPath = webSocketPath;
        this.random = random;
        this.maxWebSocketFrame = maxWebSocketFrame;
    }

    /**
     * Looks at the first bytes of a connection and removes the outer layer they announce: a TLS handshake
     * record goes to the fake-TLS server, {@code GET } to the WebSocket handshake, anything else is left for
     * the transport acceptor with the peeked bytes pushed back.
     *
     * @param raw the accepted wire, nothing read from it yet
     * @return the unwrapped wire and what was removed
     * @throws FakeTlsException if a fake-TLS hello is refused
     * @throws io.mtj.transport.ws.WebSocketException if a WebSocket upgrade is refused
     * @throws IOException if the wire fails or times out; on every failure the wire is closed
     */
    public Unwrapped accept(Wire raw) throws IOException {
        try {
            byte[] head = new byte[4];
            int got = readSome(raw, head, 0, 1);
            if ((head[0] & 0xff) != 0xef) { // 0xef is the abridged tag: nothing more to look at
                got += readSome(raw, head, 1, 3);
            }
            int first = got == 4
                    ? (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24
                    : 0;
            boolean hello = false;
            if ((first & 0xffffff) == 0x010316 && fakeTls != null) {
                // the rest of an obfuscation header, if it is one, follows anyway: 7 more bytes are safe
                head = java.util.Arrays.copyOf(head, HELLO_HEADER);
                got += readSome(raw, head, 4, HELLO_HEADER - 4);
                hello = got == HELLO_HEADER && looksLikeClientHello(head);
            }
            PushbackWire replay = new PushbackWire(raw, java.util.Arrays.copyOf(head, got));
            if (hello && fakeTls != null) {
                FakeTlsServer.Accepted a = fakeTls.accept(replay);
                return new Unwrapped(a.wire(), Layer.FAKE_TLS, a.secret());
            }
            if (first == HTTP_GET && webSocketPath != null) {
                return new Unwrapped(
                        WebSocketHandshake.server(replay, webSocketPath, random, maxWebSocketFrame),
                        Layer.WEBSOCKET,
                        null);
            }
            return new Unwrapped(replay, Layer.NONE, null);
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean looksLikeClientHello(byte[] h) {
        int recordLength = (h[3] & 0xff) << 8 | (h[4] & 0xff);
        int handshakeLength = (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | (h[8] & 0xff);
        return h[5] == 1 && handshakeLength == recordLength - 4 && h[9] == 3 && h[10] == 3;
    }

    /** Reads exactly {@code len} bytes unless the stream ends first; returns how many came. */
    private static int readSome(Wire wire, byte[] buf, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = wire.read(buf, off + done, len - done);
            if (n < 0) {
                if (off + done == 0) {
                    throw new EOFException("connection closed before its first byte");
                }
                return done;
            }
            done += n;
        }
        return done;
    }
}
