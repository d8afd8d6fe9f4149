package io.mtj.transport.proxy;

import io.mtj.transport.Dialer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens a tunnel with {@code CONNECT host:port HTTP/1.1} through an HTTP proxy, optionally with
 * {@code Proxy-Authorization: Basic}, and optionally talking TLS to the proxy itself (an {@code
 * https://} proxy: SNI and hostname verification against the proxy's host name).
 *
 * <p>The reply is read one byte at a time up to the blank line that ends its headers and never
 * further, so target bytes that arrive right behind the reply stay in the socket. The headers are
 * bounded by {@link #MAX_REPLY_HEADER_BYTES}.
 */
public final class HttpConnectDialer implements Dialer {
    /** The most reply header bytes (status line included) read before giving up. */
    public static final int MAX_REPLY_HEADER_BYTES = 16 * 1024;

    private final Dialer upstream;
    private final InetSocketAddress proxy;
    private final @Nullable ProxyCredentials credentials;
    private final @Nullable SSLContext tls;

    /**
     * Creates a dialer for a plain {@code http://} proxy.
     *
     * @param upstream how the proxy itself is reached
     * @param proxy the proxy's address; resolved by {@code upstream} if unresolved
     * @param credentials sent as {@code Proxy-Authorization: Basic}, or null to send none
     * @throws NullPointerException if {@code upstream} or {@code proxy} is null
     * @throws IllegalArgumentException if the user name contains ':' or either credential contains a
     *     control character
     */
    public HttpConnectDialer(Dialer upstream, InetSocketAddress proxy, @Nullable ProxyCredentials credentials) {
        this(upstream, proxy, credentials, null);
    }

    /**
     * Creates a dialer for an {@code http://} or {@code https://} proxy.
     *
     * @param upstream how the proxy itself is reached
     * @param proxy the proxy's address; its host name is also the TLS server name
     * @param credentials sent as {@code Proxy-Authorization: Basic}, or null to send none
     * @param tls when not null the proxy is spoken to over TLS made by this context ({@code https://})
     * @throws NullPointerException if {@code upstream} or {@code proxy} is null
     * @throws IllegalArgumentException if the user name contains ':' or either credential contains a
     *     control character
     */
    public HttpConnectDialer(
            Dialer upstream,
            InetSocketAddress proxy,
            @Nullable ProxyCredentials credentials,
            @Nullable SSLContext tls) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.credentials = credentials;
        this.tls = tls;
        if (credentials != null) {
            if (credentials.username().indexOf(':') >= 0) {
                throw new IllegalArgumentException("HTTP Basic user name must not contain ':' (RFC 7617)");
            }
            if (hasControl(credentials.username()) || hasControl(credentials.password())) {
                throw new IllegalArgumentException(
                        "HTTP proxy user name and password must not contain control characters");
            }
        }
    }

    /**
     * Creates a dialer for an {@code https://} proxy whose certificate is verified against the JDK's
     * default trust store.
     *
     * @param upstream how the proxy itself is reached
     * @param proxy the proxy's address; its host name is also the TLS server name
     * @param credentials sent as {@code Proxy-Authorization: Basic}, or null to send none
     * @return a new dialer
     * @throws IllegalStateException if the JDK has no default TLS context
     * @throws IllegalArgumentException if the credentials are not valid for HTTP Basic
     */
    public static HttpConnectDialer overTls(
            Dialer upstream, InetSocketAddress proxy, @Nullable ProxyCredentials credentials) {
        try {
            return new HttpConnectDialer(upstream, proxy, credentials, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    private String protocol() {
        return tls == null ? "HTTP" : "HTTPS";
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        byte[] request = request(target);
        Handshake h = Handshake.open(protocol(), upstream, proxy, target, timeout);
        try {
            if (tls != null) {
                startTls(h, tls);
            }
            h.write(request);
            readReply(h);
            return h.finish();
        } catch (IOException | RuntimeException e) {
            h.abort(e);
            throw e;
        }
    }

    private byte[] request(InetSocketAddress target) throws ProxyException {
        String host = target.getHostString();
        if (host.isEmpty() || hasControlOrSpace(host)) {
            String proxyName = HostPort.format(proxy);
            throw new ProxyException(
                    ProxyException.Kind.BAD_TARGET,
                    proxyName,
                    HostPort.format(target),
                    "cannot ask " + protocol() + " proxy " + proxyName + " to CONNECT to '" + host
                            + "': the host name is empty or has spaces or control characters",
                    null);
        }
        String authority = HostPort.format(target);
        StringBuilder sb = new StringBuilder(128)
                .append("CONNECT ")
                .append(authority)
                .append(" HTTP/1.1\r\nHost: ")
                .append(authority)
                .append("\r\n");
        if (credentials != null) {
            String pair = credentials.username() + ":" + credentials.password();
            sb.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void startTls(Handshake h, SSLContext context) throws IOException {
        String host = proxy.getHostString();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(h.socket(), host, proxy.getPort(), true);
        h.replaceSocket(ssl);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (HostPort.literal(host) == null) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        try {
            h.runBounded("the TLS handshake", ssl::startHandshake);
        } catch (SSLException e) {
            throw h.fail(
                    ProxyException.Kind.TLS,
                    "TLS handshake failed before CONNECT to " + h.target() + ": " + e.getMessage(),
                    e);
        }
    }

    private void readReply(Handshake h) throws IOException {
        HeaderReader reader = new HeaderReader(h);
        String statusLine = reader.line("its status line");
        int status = parseStatus(h, statusLine);
        String reason = statusLine.length() > 13 ? printable(statusLine.substring(13)) : "";
        String authenticate = null;
        for (String line = reader.line("its reply headers"); !line.isEmpty(); line = reader.line("its reply headers")) {
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim() : "";
            if (name.equalsIgnoreCase("Proxy-Authenticate") || name.equalsIgnoreCase("WWW-Authenticate")) {
                authenticate = printable(line.substring(colon + 1).trim());
            }
        }
        if (status / 100 == 2) {
            return;
        }
        String answered = "answered " + status + (reason.isEmpty() ? "" : " " + reason) + " to CONNECT " + h.target();
        // 407 is the proxy's own challenge; some proxies (tinyproxy) answer CONNECT with 401 instead
        if (status == 407 || status == 401) {
            throw h.fail(
                    ProxyException.Kind.AUTHENTICATION,
                    answered
                            + (credentials == null ? " (no credentials were given" : " (the credentials were rejected")
                            + (authenticate == null ? ")" : "; it asks for " + authenticate + ")"));
        }
        throw h.fail(ProxyException.Kind.REFUSED, answered);
    }

    private static int parseStatus(Handshake h, String line) throws ProxyException {
        // HTTP/1.x SP 3DIGIT [SP reason]
        boolean ok = line.length() >= 12
                && line.startsWith("HTTP/1.")
                && Character.isDigit(line.charAt(7))
                && line.charAt(8) == ' '
                && isDigit(line.charAt(9))
                && isDigit(line.charAt(10))
                && isDigit(line.charAt(11))
                && (line.length() == 12 || line.charAt(12) == ' ');
        if (!ok) {
            throw h.fail(
                    ProxyException.Kind.PROTOCOL,
                    "answered CONNECT " + h.target() + " with a malformed status line '" + printable(line)
                            + "', expected 'HTTP/1.x NNN reason'");
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Lines of the reply head, read byte by byte so nothing after the blank line is consumed. */
    private static final class HeaderReader {
        private final Handshake h;
        private int total;

        HeaderReader(Handshake h) {
            this.h = h;
        }

        /** One line without its CRLF (a bare LF is accepted too), ISO-8859-1. */
        String line(String what) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                if (total == MAX_REPLY_HEADER_BYTES) {
                    throw h.fail(
                            ProxyException.Kind.PROTOCOL,
                            "sent more than " + MAX_REPLY_HEADER_BYTES + " bytes of reply headers to CONNECT "
                                    + h.target() + " without the blank line that ends them");
                }
                int b = h.readByte(what);
                total++;
                if (b == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') {
                        sb.setLength(n - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) b);
            }
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && sb.length() < 100; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean hasControlOrSpace(String s) {
        return s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f);
    }

    @Override
    public String toString() {
        return "HttpConnectDialer[" + protocol().toLowerCase(Locale.ROOT) + "://" + HostPort.format(proxy)
                + (credentials == null ? "" : ", user " + credentials.username()) + ", via " + upstream + "]";
    }
}
