/**
 * Proxy dialers: SOCKS5 (RFC 1928, RFC 1929), HTTP CONNECT over plain TCP or TLS, chains of them,
 * and the proxy URIs users write ({@code socks5://user:pass@host:1080}).
 *
 * <p>Every proxy dialer wraps another {@link io.mtj.transport.Dialer} that reaches the proxy, so a
 * route through several proxies is a chain of dialers. None reads past its proxy's reply, so the
 * first byte of the returned socket is the target's first byte.
 */
@NullMarked
package io.mtj.transport.proxy;

import org.jspecify.annotations.NullMarked;
