package io.mtj.transport.mtproxy;

import io.mtj.transport.PushbackWire;
import io.mtj.transport.Wire;
import io.mtj.transport.ws.WebSocketHandshake;
import java.io.EOFException;
import java.io.IOException;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Server side, in front of protocol detection: recognises a fake-TLS ClientHello ({@code 16 03 01
 * 02}, which obfuscation headers never start with) or a WebSocket upgrade ({@code GET }), runs that
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
    private static final int TLS_HELLO_START = 0x02010316; // 16 03 01 02, read little-endian
    private static final int HTTP_GET = 0x20544547; // "GET ", read little-endian

    private final @Nullable FakeTlsServer fakeTls;
    private final @Nullable String webSocketPath;
    private final RandomGenerator random;
    private final long maxWebSocketFrame;

    /** Which outer layer a connection arrived with. */
    public enum Layer {
        NONE,
        FAKE_TLS,
        WEBSOCKET
    }

    /**
     * @param wire where obfuscation and framing continue
     * @param secret the MTProxy secret a fake-TLS client proved, else null
     */
    public record Unwrapped(
            Wire wire, Layer layer, @Nullable MtProxySecret secret) {}

    /**
     * @param fakeTls serves fake-TLS clients; null refuses them (left to protocol detection, which
     *     rejects TLS records)
     * @param webSocketPath serves WebSocket clients on this path; null refuses them likewise
     * @param random masking randomness for WebSocket (server frames are not masked, so rarely used)
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
            PushbackWire replay = new PushbackWire(raw, java.util.Arrays.copyOf(head, got));
            if (first == TLS_HELLO_START && fakeTls != null) {
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
