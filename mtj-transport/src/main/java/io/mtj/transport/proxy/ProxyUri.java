package io.mtj.transport.proxy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Resolver;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A proxy as users write it: {@code socks5://user:pass@host:1080}, {@code socks5h://host}, {@code
 * http://host:3128}, {@code https://user:pass@proxy.example.org}. User info is percent-decoded,
 * missing ports default per scheme, IPv6 hosts are written in brackets.
 *
 * <p>{@code socks5://} resolves target names locally and sends addresses; {@code socks5h://} sends
 * names for the proxy to resolve. {@link #toString()} hides the password.
 *
 * @param scheme the proxy protocol, never null
 * @param host the proxy's host name or IP literal (IPv6 without brackets), never empty
 * @param port the proxy's TCP port, 1 to 65535
 * @param credentials the user name and password to present, or null for none
 */
public record ProxyUri(
        Scheme scheme, String host, int port, @Nullable ProxyCredentials credentials) {

    /** The supported schemes with their default ports. */
    public enum Scheme {
        /**
         * SOCKS5; target names are resolved here and sent as addresses.
         */
        SOCKS5(1080),
        /**
         * SOCKS5; target names are sent for the proxy to resolve.
         */
        SOCKS5H(1080),
        /**
         * HTTP {@code CONNECT} over plain TCP.
         */
        HTTP(80),
        /**
         * HTTP {@code CONNECT} over TLS to the proxy.
         */
        HTTPS(443);

        private final int defaultPort;

        Scheme(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /**
         * Tells the port used when a URI names none.
         *
         * @return the scheme's default port
         */
        public int defaultPort() {
            return defaultPort;
        }

        /**
         * Gives the scheme as written in a URI: {@code socks5}, {@code socks5h}, {@code http}, {@code https}.
         *
         * @return the lower-case scheme name
         */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code scheme} or {@code host} is null
     * @throws ProxyUriException if the host is empty or the port is outside 1 to 65535
     */
    public ProxyUri {
        Objects.requireNonNull(scheme, "scheme");
        if (host.isEmpty()) {
            throw new ProxyUriException(ProxyUriException.Part.HOST, "proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new ProxyUriException(
                    ProxyUriException.Part.PORT, "proxy port " + port + " out of range, expected 1..65535");
        }
    }

    /**
     * Parses {@code scheme://[user[:password]@]host[:port][/]}. Surrounding white space is ignored; the
     * scheme is case-insensitive; a missing port takes the scheme's default.
     *
     * @param text the URI as a user wrote it
     * @return the parsed proxy
     *
     * @throws ProxyUriException naming the wrong part and what was expected; the password is never
     *     repeated in the message
     */
    public static ProxyUri parse(String text) {
        String s = text.strip();
        String shown = redact(s);
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new ProxyUriException(
                    ProxyUriException.Part.SYNTAX,
                    "proxy URI '" + shown + "' has no scheme, expected scheme://[user[:password]@]host[:port]");
        }
        String schemeText = s.substring(0, sep).toLowerCase(Locale.ROOT);
        Scheme scheme =
                switch (schemeText) {
                    case "socks5" -> Scheme.SOCKS5;
                    case "socks5h" -> Scheme.SOCKS5H;
                    case "http" -> Scheme.HTTP;
                    case "https" -> Scheme.HTTPS;
                    default ->
                        throw new ProxyUriException(
                                ProxyUriException.Part.SCHEME,
                                "proxy URI '" + shown + "' has unknown scheme '" + schemeText
                                        + "', expected socks5, socks5h, http or https");
                };
        String rest = s.substring(sep + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int at = rest.lastIndexOf('@');
        ProxyCredentials credentials = null;
        if (at >= 0) {
            credentials = credentials(shown, rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                throw new ProxyUriException(
                        ProxyUriException.Part.SYNTAX,
                        "proxy URI '" + shown + "' has a path, query or fragment ('" + rest.substring(i)
                                + "'), expected nothing after host[:port]");
            }
        }
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new ProxyUriException(
                        ProxyUriException.Part.HOST, "proxy URI '" + shown + "' has an unclosed '[' in its host");
            }
            host = rest.substring(1, close);
            if (!(HostPort.literal(host) instanceof Inet6Address)) {
                throw new ProxyUriException(
                        ProxyUriException.Part.HOST,
                        "proxy URI '" + shown + "' has '" + host + "' in brackets, expected an IPv6 address");
            }
            String after = rest.substring(close + 1);
            if (!after.isEmpty() && after.charAt(0) != ':') {
                throw new ProxyUriException(
                        ProxyUriException.Part.SYNTAX,
                        "proxy URI '" + shown + "' has '" + after + "' after its IPv6 host, expected ':port'");
            }
            portText = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw new ProxyUriException(
                        ProxyUriException.Part.HOST,
                        "proxy URI '" + shown + "' has an IPv6 host without brackets, expected e.g. [::1]:1080");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            portText = colon < 0 ? null : rest.substring(colon + 1);
            checkHostName(shown, host);
        }
        return new ProxyUri(scheme, host, port(shown, portText, scheme), credentials);
    }

    /**
     * The proxy a {@link java.net.Proxy} describes: {@code SOCKS} becomes {@code socks5h} (the proxy
     * resolves names, as the JDK does for unresolved addresses), {@code HTTP} becomes {@code http}.
     * {@code DIRECT} is not a proxy and is rejected; see {@link #dialerFor(Proxy, Dialer)}.
     *
     * @param proxy a JDK proxy of type {@code SOCKS} or {@code HTTP}
     * @return the equivalent proxy URI, without credentials
     * @throws ProxyUriException if the proxy is {@code DIRECT} or its address is not an
     *     {@link InetSocketAddress}
     */
    public static ProxyUri of(Proxy proxy) {
        if (proxy.type() == Proxy.Type.DIRECT) {
            throw new ProxyUriException(
                    ProxyUriException.Part.SCHEME,
                    "java.net.Proxy of type DIRECT names no proxy, expected SOCKS or HTTP");
        }
        SocketAddress address = proxy.address();
        if (!(address instanceof InetSocketAddress inet)) {
            throw new ProxyUriException(
                    ProxyUriException.Part.HOST,
                    "java.net.Proxy address " + address + " is not an InetSocketAddress, expected host and port");
        }
        return new ProxyUri(
                proxy.type() == Proxy.Type.SOCKS ? Scheme.SOCKS5H : Scheme.HTTP,
                inet.getHostString(),
                inet.getPort(),
                null);
    }

    /**
     * Makes a dialer for a JDK proxy; {@code DIRECT} gives {@code upstream} itself.
     *
     * @param proxy the JDK proxy
     * @param upstream how the proxy itself is reached
     * @return a dialer that connects through {@code proxy}
     * @throws ProxyUriException if the proxy's address is not an {@link InetSocketAddress}
     */
    public static Dialer dialerFor(Proxy proxy, Dialer upstream) {
        return proxy.type() == Proxy.Type.DIRECT ? upstream : of(proxy).dialer(upstream);
    }

    /**
     * Gives the proxy's address, unresolved so that the upstream dialer resolves it.
     *
     * @return a new unresolved address of host and port
     */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /**
     * A dialer that reaches this proxy through {@code upstream}; {@code socks5://} resolves with the
     * system resolver, {@code https://} trusts the JDK's default trust store.
     *
     * @param upstream how the proxy itself is reached
     * @return a new dialer; nothing is connected until it dials
     */
    public Dialer dialer(Dialer upstream) {
        return dialer(upstream, Resolver.SYSTEM, null);
    }

    /**
     * Makes a dialer that reaches this proxy through {@code upstream}, with a chosen resolver and TLS context.
     *
     * @param upstream how the proxy itself is reached
     * @param resolver resolves target names for {@code socks5://}; ignored by the other schemes
     * @param tls the TLS context for {@code https://}; null for the JDK default
     * @return a new dialer; nothing is connected until it dials
     */
    public Dialer dialer(Dialer upstream, Resolver resolver, @Nullable SSLContext tls) {
        return switch (scheme) {
            case SOCKS5 -> new Socks5Dialer(upstream, address(), credentials, resolver);
            case SOCKS5H -> new Socks5Dialer(upstream, address(), credentials);
            case HTTP -> new HttpConnectDialer(upstream, address(), credentials);
            case HTTPS ->
                tls == null
                        ? HttpConnectDialer.overTls(upstream, address(), credentials)
                        : new HttpConnectDialer(upstream, address(), credentials, tls);
        };
    }

    /** The URI with the password replaced by {@code ***}. */
    @Override
    public String toString() {
        String user = credentials == null ? "" : percentEncode(credentials.username()) + ":***@";
        return scheme.text() + "://" + user + HostPort.format(host, port);
    }

    private static ProxyCredentials credentials(String shown, String userInfo) {
        int colon = userInfo.indexOf(':');
        String user = percentDecode(shown, colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
        String password = colon < 0 ? "" : percentDecode(shown, userInfo.substring(colon + 1), "password");
        if (user.isEmpty()) {
            throw new ProxyUriException(
                    ProxyUriException.Part.USER_INFO,
                    "proxy URI '" + shown + "' has an empty user name before '@', expected user[:password]@");
        }
        return new ProxyCredentials(user, password);
    }

    private static void checkHostName(String shown, String host) {
        if (host.isEmpty()) {
            throw new ProxyUriException(
                    ProxyUriException.Part.HOST,
                    "proxy URI '" + shown + "' has no host, expected scheme://host[:port]");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                throw new ProxyUriException(
                        ProxyUriException.Part.HOST,
                        "proxy URI '" + shown + "' has character '" + c + "' at index " + i + " of host '" + host
                                + "', expected letters, digits, '-', '.' or '_'");
            }
        }
    }

    private static int port(String shown, @Nullable String text, Scheme scheme) {
        if (text == null) {
            return scheme.defaultPort();
        }
        if (text.isEmpty()) {
            throw new ProxyUriException(
                    ProxyUriException.Part.PORT,
                    "proxy URI '" + shown + "' has an empty port after ':', expected 1..65535");
        }
        boolean digits = text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits) {
            throw new ProxyUriException(
                    ProxyUriException.Part.PORT,
                    "proxy URI '" + shown + "' has port '" + text + "', expected a number 1..65535");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new ProxyUriException(
                    ProxyUriException.Part.PORT,
                    "proxy URI '" + shown + "' has port " + port + " out of range, expected 1..65535");
        }
        return port;
    }

    /** RFC 3986 percent-decoding as UTF-8; '+' stays '+'. */
    private static String percentDecode(String shown, String text, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw new ProxyUriException(
                        ProxyUriException.Part.USER_INFO,
                        "proxy URI '" + shown + "' has a bad percent-escape at index " + i + " of its " + what
                                + ", expected '%' and two hex digits");
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProxyUriException(
                    ProxyUriException.Part.USER_INFO,
                    "proxy URI '" + shown + "' has a " + what + " whose percent-escapes are not UTF-8");
        }
    }

    private static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (plain) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** The text with any user info replaced by {@code ***}, for messages. */
    static String redact(String text) {
        int sep = text.indexOf("://");
        int start = sep < 0 ? 0 : sep + 3;
        int at = text.lastIndexOf('@');
        return at < start ? text : text.substring(0, start) + "***" + text.substring(at);
    }
}
