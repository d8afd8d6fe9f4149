package io.mtj.transport.ws;

import io.mtj.transport.Endpoint;
import io.mtj.transport.SocketWire;
import io.mtj.transport.Wire;
import io.mtj.transport.WireLayer;
import java.io.IOException;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The client's WebSocket layer as a {@link WireLayer}: {@code ws} runs the handshake directly on the
 * wire below; {@code wss} first runs TLS (from the JDK, with SNI and host-name verification) over
 * the dialed socket, see {@link #secure}.
 */
public final class WebSocketLayer implements WireLayer {
    private final String path;
    private final RandomGenerator random;
    private final @Nullable String hostHeader;
    private final Duration handshakeTimeout;

    /**
     * Creates a layer with a 10 s handshake timeout.
     *
     * @param path the request path, for example {@value WebSocketHandshake#DEFAULT_PATH}
     * @param random the source of the handshake key and of the frame masks
     * @param hostHeader the Host header; null uses the endpoint's host and port
     */
    public WebSocketLayer(String path, RandomGenerator random, @Nullable String hostHeader) {
        this(path, random, hostHeader, Duration.ofSeconds(10));
    }

    /**
     * Creates a layer.
     *
     * @param path the request path, for example {@value WebSocketHandshake#DEFAULT_PATH}
     * @param random the source of the handshake key and of the frame masks
     * @param hostHeader the Host header; null uses the endpoint's host and port
     * @param handshakeTimeout how long to wait for the server's 101 answer (the wire's read timeout
     *     is reset to zero, meaning none, afterwards)
     */
    public WebSocketLayer(String path, RandomGenerator random, @Nullable String hostHeader, Duration handshakeTimeout) {
        this.path = path;
        this.random = random;
        this.hostHeader = hostHeader;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Creates the layer Telegram's WebSocket endpoints expect: path {@value WebSocketHandshake#DEFAULT_PATH},
     * {@link SecureRandom} keys and masks, Host from the endpoint, 10 s handshake timeout.
     *
     * @return a new layer
     */
    public static WebSocketLayer standard() {
        return new WebSocketLayer(WebSocketHandshake.DEFAULT_PATH, new SecureRandom(), null);
    }

    @Override
    public Wire wrap(Wire below, Endpoint endpoint) throws IOException {
        String host = hostHeader != null ? hostHeader : hostAndPort(endpoint.host(), endpoint.port(), 80);
        below.readTimeout(handshakeTimeout);
        WebSocketWire ws = WebSocketHandshake.client(below, host, path, random);
        ws.readTimeout(Duration.ZERO);
        return ws;
    }

    /**
     * Opens {@code wss} on an already connected {@code socket} (from any dialer, proxies included):
     * TLS for {@code host} with SNI and HTTPS host-name verification, completed within {@code
     * timeout}, then the WebSocket handshake. On failure the socket is closed. For a transport, use
     * {@link TlsDialer} with this layer instead.
     *
     * @param socket a connected socket to the WebSocket server or the tunnel to it
     * @param host the server's host name, used for SNI, certificate verification and the Host header
     * @param port the server's port, named in the Host header unless it is 443
     * @param path the request path
     * @param context the TLS context whose trust decides which certificates are accepted
     * @param timeout the bound on the TLS and WebSocket handshakes together; also the write timeout
     * @param random the source of the handshake key and of the frame masks
     * @return the WebSocket wire, its read timeout reset to none
     * @throws WebSocketException if the server's answer is not a valid upgrade
     * @throws IOException if TLS fails (including certificate or host-name checks), the timeout passes or
     *     the socket fails
     */
    public static WebSocketWire secure(
            Socket socket,
            String host,
            int port,
            String path,
            SSLContext context,
            Duration timeout,
            RandomGenerator random)
            throws IOException {
        Socket open = socket;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            open = new TlsDialer((target, t) -> socket, context, host).handshake(socket, host, port, deadline);
            Wire wire = new SocketWire(open, timeout);
            wire.readTimeout(timeout);
            WebSocketWire ws = WebSocketHandshake.client(wire, hostAndPort(host, port, 443), path, random);
            ws.readTimeout(Duration.ZERO);
            return ws;
        } catch (IOException | RuntimeException e) {
            try {
                open.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String hostAndPort(String host, int port, int defaultPort) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == defaultPort ? h : h + ":" + port;
    }
}
