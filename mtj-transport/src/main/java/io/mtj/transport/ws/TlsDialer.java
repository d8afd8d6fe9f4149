package io.mtj.transport.ws;

import io.mtj.transport.Dialer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A dialer that runs TLS (from the JDK) over the socket another dialer returns, so {@code wss} is
 * this dialer plus {@link WebSocketLayer}, through any proxy chain:
 *
 * <pre>{@code
 * TransportOptions.builder()
 *         .dialer(new TlsDialer(Dialer.DIRECT, SSLContext.getDefault(), null))
 *         .layer(WebSocketLayer.standard())
 *         .obfuscated(true)
 * }</pre>
 *
 * The server name (SNI) is the target's host name unless one is given; the certificate is checked
 * against it (HTTPS endpoint identification). The TLS handshake counts against the dial timeout.
 */
public final class TlsDialer implements Dialer {
    private final Dialer upstream;
    private final SSLContext context;
    private final @Nullable String serverName;

    /**
     * Creates a dialer that runs TLS over what {@code upstream} connects.
     *
     * @param upstream how the TCP connection (or tunnel) is opened
     * @param context the TLS context; its trust managers decide which certificates are accepted
     * @param serverName the name for SNI and certificate checks; null uses the target host
     */
    public TlsDialer(Dialer upstream, SSLContext context, @Nullable String serverName) {
        this.upstream = upstream;
        this.context = context;
        this.serverName = serverName;
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String name = serverName != null ? serverName : target.getHostString();
        Socket socket = upstream.dial(target, timeout);
        try {
            return handshake(socket, name, target.getPort(), deadline);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Layers a TLS client over the connected {@code socket} and completes the handshake. */
    SSLSocket handshake(Socket socket, String name, int port, long deadlineNanos) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, name, port, true);
        SSLParameters params = tls.getSSLParameters();
        if (!isIpLiteral(name)) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(new String[] {"http/1.1"});
        tls.setSSLParameters(params);
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("no time left for the TLS handshake with " + name);
        }
        tls.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        tls.startHandshake();
        tls.setSoTimeout(0);
        return tls;
    }

    private static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
