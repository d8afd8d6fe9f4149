package io.mtj.transport.proxy;

import io.mtj.transport.Dialer;
import io.mtj.transport.Resolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Opens a tunnel through a SOCKS5 proxy (RFC 1928) with no authentication or with a user name and
 * password (RFC 1929). The proxy itself is reached through {@code upstream}, which may be another
 * proxy dialer.
 *
 * <p>An unresolved target is sent as a domain name, so the proxy resolves it ({@code socks5h://}
 * behaviour), unless a local resolver is given ({@code socks5://}). Every reply field is checked
 * and the exact reply length is read, never more.
 */
public final class Socks5Dialer implements Dialer {
    static final int VERSION = 0x05;
    static final int AUTH_VERSION = 0x01;
    static final int METHOD_NONE = 0x00;
    static final int METHOD_USERNAME = 0x02;
    static final int METHOD_UNACCEPTABLE = 0xff;
    static final int CMD_CONNECT = 0x01;
    static final int ATYP_IPV4 = 0x01;
    static final int ATYP_DOMAIN = 0x03;
    static final int ATYP_IPV6 = 0x04;

    private final Dialer upstream;
    private final InetSocketAddress proxy;
    private final @Nullable ProxyCredentials credentials;
    private final @Nullable Resolver localResolver;

    /**
     * Creates a dialer for a SOCKS5 proxy that resolves unresolved targets itself.
     *
     * @param upstream how the proxy itself is reached
     * @param proxy the proxy's address
     * @param credentials user name and password (RFC 1929), or null to offer no authentication
     * @throws NullPointerException if {@code upstream} or {@code proxy} is null
     * @throws IllegalArgumentException if the user name is empty or either credential is longer than 255
     *     bytes in UTF-8
     */
    public Socks5Dialer(Dialer upstream, InetSocketAddress proxy, @Nullable ProxyCredentials credentials) {
        this(upstream, proxy, credentials, null);
    }

    /**
     * Creates a dialer for a SOCKS5 proxy, optionally resolving target names here.
     *
     * @param upstream how the proxy itself is reached
     * @param proxy the proxy's address
     * @param credentials user name and password (RFC 1929), or null to offer no authentication
     * @param localResolver when not null, unresolved targets are resolved here (first address) and
     *     sent to the proxy as addresses
     * @throws NullPointerException if {@code upstream} or {@code proxy} is null
     * @throws IllegalArgumentException if the user name is empty or either credential is longer than 255
     *     bytes in UTF-8
     */
    public Socks5Dialer(
            Dialer upstream,
            InetSocketAddress proxy,
            @Nullable ProxyCredentials credentials,
            @Nullable Resolver localResolver) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.credentials = credentials;
        this.localResolver = localResolver;
        if (credentials != null) {
            checkLength("user name", credentials.username(), 1);
            checkLength("password", credentials.password(), 0);
        }
    }

    private static void checkLength(String what, String value, int min) {
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        if (length < min || length > 255) {
            throw new IllegalArgumentException(
                    "SOCKS5 " + what + " must be " + min + "..255 bytes in UTF-8, got " + length);
        }
    }

    @Override
    public Socket dial(InetSocketAddress target, Duration timeout) throws IOException {
        InetSocketAddress destination = resolveLocally(target);
        byte[] connectRequest = connectRequest(destination);
        Handshake h = Handshake.open("SOCKS5", upstream, proxy, destination, timeout);
        try {
            negotiate(h);
            h.write(connectRequest);
            readConnectReply(h);
            return h.finish();
        } catch (IOException | RuntimeException e) {
            h.abort(e);
            throw e;
        }
    }

    private InetSocketAddress resolveLocally(InetSocketAddress target) throws IOException {
        if (localResolver == null || !target.isUnresolved()) {
            return target;
        }
        List<InetAddress> addresses = localResolver.resolve(target.getHostString());
        if (addresses.isEmpty()) {
            throw new java.net.UnknownHostException("no address for " + target.getHostString());
        }
        return new InetSocketAddress(addresses.get(0), target.getPort());
    }

    private void negotiate(Handshake h) throws IOException {
        byte[] greeting = credentials == null
                ? new byte[] {VERSION, 1, METHOD_NONE}
                : new byte[] {VERSION, 2, METHOD_NONE, METHOD_USERNAME};
        h.write(greeting);
        byte[] choice = h.readFully(2, "its method selection");
        checkVersion(h, choice[0] & 0xff, "method selection");
        int method = choice[1] & 0xff;
        if (method == METHOD_NONE) {
            return;
        }
        if (method == METHOD_USERNAME && credentials != null) {
            authenticate(h, credentials);
            return;
        }
        String offered = credentials == null ? "no authentication" : "no authentication, username/password";
        if (method == METHOD_UNACCEPTABLE) {
            throw h.fail(
                    ProxyException.Kind.AUTHENTICATION,
                    "accepts none of the offered authentication methods (" + offered + ") for CONNECT to " + h.target()
                            + " (method 0xff)");
        }
        throw h.fail(
                method == METHOD_USERNAME ? ProxyException.Kind.AUTHENTICATION : ProxyException.Kind.PROTOCOL,
                "chose authentication method " + hex(method) + " (" + methodName(method) + ") for CONNECT to "
                        + h.target() + ", which was not offered (offered: " + offered + ")");
    }

    private static void authenticate(Handshake h, ProxyCredentials credentials) throws IOException {
        byte[] user = credentials.username().getBytes(StandardCharsets.UTF_8);
        byte[] pass = credentials.password().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[3 + user.length + pass.length];
        request[0] = AUTH_VERSION;
        request[1] = (byte) user.length;
        System.arraycopy(user, 0, request, 2, user.length);
        request[2 + user.length] = (byte) pass.length;
        System.arraycopy(pass, 0, request, 3 + user.length, pass.length);
        try {
            h.write(request);
        } finally {
            java.util.Arrays.fill(request, (byte) 0);
            java.util.Arrays.fill(pass, (byte) 0);
        }
        byte[] reply = h.readFully(2, "its username/password status");
        if ((reply[0] & 0xff) != AUTH_VERSION) {
            throw h.fail(
                    ProxyException.Kind.PROTOCOL,
                    "answered username/password authentication with version " + hex(reply[0] & 0xff)
                            + ", expected 0x01 (RFC 1929), during CONNECT to " + h.target());
        }
        if (reply[1] != 0) {
            throw h.fail(
                    ProxyException.Kind.AUTHENTICATION,
                    "rejected user '" + credentials.username() + "' for CONNECT to " + h.target()
                            + ": wrong user name or password (status " + hex(reply[1] & 0xff) + ")");
        }
    }

    private byte[] connectRequest(InetSocketAddress target) throws ProxyException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(22);
        request.write(VERSION);
        request.write(CMD_CONNECT);
        request.write(0);
        InetAddress address = target.isUnresolved() ? HostPort.literal(target.getHostString()) : target.getAddress();
        if (address != null) {
            request.write(address instanceof Inet4Address ? ATYP_IPV4 : ATYP_IPV6);
            request.writeBytes(address.getAddress());
        } else {
            byte[] name = domainName(target);
            request.write(ATYP_DOMAIN);
            request.write(name.length);
            request.writeBytes(name);
        }
        request.write(target.getPort() >>> 8);
        request.write(target.getPort() & 0xff);
        return request.toByteArray();
    }

    private static void readConnectReply(Handshake h) throws IOException {
        byte[] head = h.readFully(4, "its CONNECT reply");
        checkVersion(h, head[0] & 0xff, "CONNECT reply");
        int reply = head[1] & 0xff;
        if (reply != 0) {
            throw h.fail(
                    ProxyException.Kind.REFUSED,
                    "refused CONNECT to " + h.target() + ": " + replyMeaning(reply) + " (reply " + hex(reply) + ")");
        }
        if (head[2] != 0) {
            throw h.fail(
                    ProxyException.Kind.PROTOCOL,
                    "sent reserved byte " + hex(head[2] & 0xff) + " in its CONNECT reply for " + h.target()
                            + ", expected 0x00");
        }
        int addressType = head[3] & 0xff;
        int addressLength =
                switch (addressType) {
                    case ATYP_IPV4 -> 4;
                    case ATYP_IPV6 -> 16;
                    case ATYP_DOMAIN -> {
                        int n = h.readByte("the bound address length of its CONNECT reply");
                        if (n == 0) {
                            throw h.fail(
                                    ProxyException.Kind.PROTOCOL,
                                    "sent an empty bound domain name in its CONNECT reply for " + h.target());
                        }
                        yield n;
                    }
                    default ->
                        throw h.fail(
                                ProxyException.Kind.PROTOCOL,
                                "sent unknown address type " + hex(addressType) + " in its CONNECT reply for "
                                        + h.target() + ", expected 0x01, 0x03 or 0x04");
                };
        h.readFully(addressLength + 2, "the bound address of its CONNECT reply");
    }

    private byte[] domainName(InetSocketAddress target) throws ProxyException {
        String host = target.getHostString();
        String reason;
        try {
            byte[] name = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).getBytes(StandardCharsets.US_ASCII);
            if (name.length >= 1 && name.length <= 255) {
                return name;
            }
            reason = "the host name is " + name.length + " bytes, SOCKS5 allows 1..255";
        } catch (IllegalArgumentException e) {
            reason = "the host name is not a valid domain name (" + e.getMessage() + ")";
        }
        String proxyName = HostPort.format(proxy);
        String to = HostPort.format(target);
        throw new ProxyException(
                ProxyException.Kind.BAD_TARGET,
                proxyName,
                to,
                "cannot ask SOCKS5 proxy " + proxyName + " to CONNECT to " + to + ": " + reason,
                null);
    }

    private static void checkVersion(Handshake h, int version, String message) throws ProxyException {
        if (version != VERSION) {
            throw h.fail(
                    ProxyException.Kind.PROTOCOL,
                    "answered with version " + hex(version) + " in its " + message + " for CONNECT to " + h.target()
                            + ", expected 0x05" + (version == 'H' ? " (is it an HTTP proxy?)" : ""));
        }
    }

    /** RFC 1928 section 6. */
    static String replyMeaning(int reply) {
        return switch (reply) {
            case 0x01 -> "general SOCKS server failure";
            case 0x02 -> "connection not allowed by ruleset";
            case 0x03 -> "network unreachable";
            case 0x04 -> "host unreachable";
            case 0x05 -> "connection refused";
            case 0x06 -> "TTL expired";
            case 0x07 -> "command not supported";
            case 0x08 -> "address type not supported";
            default -> "unassigned reply code";
        };
    }

    private static String methodName(int method) {
        return switch (method) {
            case 0x00 -> "no authentication";
            case 0x01 -> "GSSAPI";
            case 0x02 -> "username/password";
            default -> "unknown";
        };
    }

    static String hex(int b) {
        return "0x" + HexFormat.of().toHexDigits((byte) b);
    }

    @Override
    public String toString() {
        return "Socks5Dialer[" + HostPort.format(proxy)
                + (credentials == null ? "" : ", user " + credentials.username()) + ", via " + upstream + "]";
    }
}
