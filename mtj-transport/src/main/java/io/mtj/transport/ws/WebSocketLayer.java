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
     * @param hostHeader the Host header; null uses the endpoint's host and port
     */
    public WebSocketLayer(String path, RandomGenerator random, @Nullable String hostHeader) {
        this(path, random, hostHeader, Duration.ofSeconds(10));
    }

    /**
     * @param handshakeTimeout how long to wait for the server's 101 answer (the wire's read timeout
     *     is reset to zero, meaning none, afterwards)
     */
    public WebSocketLayer(String path, RandomGenerator random, @Nullable String hostHeader, Duration handshakeTimeout) {
        this.path = path;
        this.random = random;
        this.hostHeader = hostHeader;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Path {@value WebSocketHandshake#DEFAULT_PATH}, {@link SecureRandom}, Host from the endpoint. */
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
