package io.mtj.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * How a byte stream to a target is obtained: directly, or through one or more proxies.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #dial} returns a connected socket whose next readable byte is the first byte the
 *       target sent. A proxy dialer never reads past its proxy's reply, so no target byte is lost.
 *   <li>The target may be unresolved ({@link InetSocketAddress#createUnresolved}); a proxy dialer
 *       then passes the name to the proxy, the direct dialer resolves it with its resolver.
 *   <li>{@code timeout} bounds the whole call: TCP connect plus every proxy handshake. A peer that
 *       accepts and never answers makes the call fail with {@link java.net.SocketTimeoutException}
 *       (or a subtype of {@link IOException} naming the proxy) within about that time.
 *   <li>On failure nothing is left open. On success the caller owns the socket; its read timeout is
 *       left at 0 (infinite) and the caller sets its own.
 *   <li>Implementations are immutable and safe to use from any number of threads.
 * </ul>
 *
 * <p>Proxy dialers wrap another dialer, so a route is a chain: {@code DIRECT -> SOCKS5 -> HTTP}.
 */
@FunctionalInterface
public interface Dialer {
    /** Plain TCP with TCP_NODELAY and keep-alive, names resolved by the JDK resolver. */
    Dialer DIRECT = new DirectDialer(Resolver.SYSTEM);

    /**
     * Opens a TCP connection (or a tunnel) to {@code target}; blocks until it is ready.
     *
     * @param target where to connect; an unresolved address leaves resolution to this dialer (or its proxy)
     * @param timeout the bound on the whole dial, proxy handshakes included
     * @return a connected socket whose bytes reach {@code target}; the caller owns it
     * @throws java.net.SocketTimeoutException if {@code timeout} passes first
     * @throws IOException if the target or a proxy cannot be reached or refuses; proxy dialers throw
     *     {@code io.mtj.transport.proxy.ProxyException}
     */
    Socket dial(InetSocketAddress target, Duration timeout) throws IOException;
}
