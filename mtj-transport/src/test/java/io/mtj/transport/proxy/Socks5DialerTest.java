package io.mtj.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtj.transport.Dialer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SOCKS5 against a scripted in-process proxy: exact request bytes and every reply error path. */
class Socks5DialerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final HexFormat HEX = HexFormat.of();
    private static final InetSocketAddress EXAMPLE = InetSocketAddress.createUnresolved("example.org", 443);
    /** Reply: succeeded, bound to 10.0.0.1:4660. */
    private static final byte[] OK_REPLY = bytes("05000001 0a000001 1234");

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex.replace(" ", ""));
    }

    private static byte[] read(Socket s, int n) throws IOException {
        byte[] b = s.getInputStream().readNBytes(n);
        assertThat(b).hasSize(n);
        return b;
    }

    private static void send(Socket s, byte[]... parts) throws IOException {
        OutputStream out = s.getOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        out.flush();
    }

    /** After a failed dial the client must have closed its end. */
    private static void expectClosedByClient(Socket s) throws IOException {
        assertThat(s.getInputStream().read()).isEqualTo(-1);
    }

    private static Socks5Dialer dialer(ScriptedProxy proxy, @Nullable ProxyCredentials credentials) {
        return new Socks5Dialer(Dialer.DIRECT, proxy.address(), credentials);
    }

    @Test
    void noAuthDomainTargetSendsExactBytesAndKeepsTargetBytesBehindTheReply() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            assertThat(HEX.formatHex(read(s, 3))).isEqualTo("050100");
            send(s, bytes("0500"));
            byte[] name = "example.org".getBytes(StandardCharsets.US_ASCII);
            assertThat(HEX.formatHex(read(s, 5 + name.length + 2)))
                    .isEqualTo("050100030b" + HEX.formatHex(name) + "01bb");
            // reply and the target's first bytes in one segment: the dialer must not swallow them
            send(s, OK_REPLY, "HELLO".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(read(s, 4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            send(s, "pong".getBytes(StandardCharsets.US_ASCII));
        })) {
            try (Socket socket = dialer(proxy, null).dial(EXAMPLE, TIMEOUT)) {
                assertThat(socket.getSoTimeout()).isZero();
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII))
                        .isEqualTo("HELLO");
                socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII))
                        .isEqualTo("pong");
            }
            proxy.awaitScript();
        }
    }

    @Test
    void usernamePasswordFollowsRfc1929() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            assertThat(HEX.formatHex(read(s, 4))).isEqualTo("05020002");
            send(s, bytes("0502"));
            // 01, len 5 "alice", len 7 "s3cr" U+00E9 (c3 a9 in UTF-8) "t"
            assertThat(HEX.formatHex(read(s, 15))).isEqualTo("0105616c69636507733363 72c3a974".replace(" ", ""));
            send(s, bytes("0100"));
            assertThat(HEX.formatHex(read(s, 10))).isEqualTo("050100017f000001 0050".replace(" ", ""));
            send(s, OK_REPLY);
        })) {
            Socks5Dialer dialer = dialer(proxy, new ProxyCredentials("alice", "s3cr\u00e9t"));
            try (Socket socket = dialer.dial(new InetSocketAddress(Loopback.V4, 80), TIMEOUT)) {
                assertThat(socket.isConnected()).isTrue();
            }
            proxy.awaitScript();
        }
    }

    @Test
    void ipv6TargetsAndIpLiteralNamesAreSentAsAddresses() throws Exception {
        for (InetSocketAddress target : List.of(
                Loopback.v6(8443),
                InetSocketAddress.createUnresolved("::1", 8443),
                InetSocketAddress.createUnresolved("[::1]", 8443))) {
            try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
                read(s, 3);
                send(s, bytes("0500"));
                assertThat(HEX.formatHex(read(s, 22)))
                        .isEqualTo("05010004" + "00000000000000000000000000000001" + "20fb");
                send(s, bytes("05000004 00000000000000000000000000000001 0050"), bytes("2a"));
            })) {
                try (Socket socket = dialer(proxy, null).dial(target, TIMEOUT)) {
                    assertThat(socket.getInputStream().read()).isEqualTo(0x2a);
                }
                proxy.awaitScript();
            }
        }
    }

    @Test
    void localResolverTurnsNamesIntoAddresses() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 3);
            send(s, bytes("0500"));
            assertThat(HEX.formatHex(read(s, 10))).isEqualTo("05010001c000020701bb");
            send(s, OK_REPLY);
        })) {
            Socks5Dialer dialer = new Socks5Dialer(
                    Dialer.DIRECT,
                    proxy.address(),
                    null,
                    host -> List.of(Loopback.byAddress(new byte[] {(byte) 192, 0, 2, 7})));
            dialer.dial(EXAMPLE, TIMEOUT).close();
            proxy.awaitScript();
        }
    }

    @Test
    void domainBoundAddressIsConsumedExactly() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 3);
            send(s, bytes("0500"));
            read(s, 18);
            send(s, bytes("05000003 04 686f7374 0050 ff"));
        })) {
            try (Socket socket = dialer(proxy, null).dial(EXAMPLE, TIMEOUT)) {
                assertThat(socket.getInputStream().read()).isEqualTo(0xff);
            }
            proxy.awaitScript();
        }
    }

    /** The proxy answers the greeting with {@code methodReply}; the dial fails as described. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0400 | PROTOCOL | answered with version 0x04 in its method selection for CONNECT to example.org:443, expected 0x05",
                "4854 | PROTOCOL | answered with version 0x48 in its method selection for CONNECT to example.org:443, expected 0x05 (is it an HTTP proxy?)",
                "05ff | AUTHENTICATION | accepts none of the offered authentication methods (no authentication) for CONNECT to example.org:443 (method 0xff)",
                "0502 | AUTHENTICATION | chose authentication method 0x02 (username/password) for CONNECT to example.org:443, which was not offered (offered: no authentication)",
                "0501 | PROTOCOL | chose authentication method 0x01 (GSSAPI) for CONNECT to example.org:443, which was not offered (offered: no authentication)"
            })
    void badMethodSelection(String methodReply, ProxyException.Kind kind, String reason) throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 3);
            send(s, bytes(methodReply));
            expectClosedByClient(s);
        })) {
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, null).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo("SOCKS5 proxy " + proxy.hostPort() + " " + reason);
            assertThat(e.proxy()).isEqualTo(proxy.hostPort());
            assertThat(e.target()).isEqualTo("example.org:443");
            proxy.awaitScript();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0101 | AUTHENTICATION | rejected user 'alice' for CONNECT to example.org:443: wrong user name or password (status 0x01)",
                "0500 | PROTOCOL | answered username/password authentication with version 0x05, expected 0x01 (RFC 1929), during CONNECT to example.org:443"
            })
    void badAuthenticationReply(String authReply, ProxyException.Kind kind, String reason) throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 4);
            send(s, bytes("0502"));
            read(s, 3 + 5 + 10);
            send(s, bytes(authReply));
            expectClosedByClient(s);
        })) {
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, new ProxyCredentials("alice", "hunter2-pw"))
                            .dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage())
                    .isEqualTo("SOCKS5 proxy " + proxy.hostPort() + " " + reason)
                    .doesNotContain("hunter2");
            proxy.awaitScript();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "01 | general SOCKS server failure",
                "02 | connection not allowed by ruleset",
                "03 | network unreachable",
                "04 | host unreachable",
                "05 | connection refused",
                "06 | TTL expired",
                "07 | command not supported",
                "08 | address type not supported",
                "09 | unassigned reply code",
                "ff | unassigned reply code"
            })
    void everyReplyCodeIsNamed(String code, String meaning) throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 3);
            send(s, bytes("0500"));
            read(s, 18);
            send(s, bytes("05" + code + "0001 00000000 0000"));
            expectClosedByClient(s);
        })) {
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, null).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.REFUSED);
            assertThat(e.getMessage())
                    .isEqualTo("SOCKS5 proxy " + proxy.hostPort() + " refused CONNECT to example.org:443: " + meaning
                            + " (reply 0x" + code + ")");
            proxy.awaitScript();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "04000001 | answered with version 0x04 in its CONNECT reply for CONNECT to example.org:443, expected 0x05",
                "05000101 | sent reserved byte 0x01 in its CONNECT reply for example.org:443, expected 0x00",
                "05000005 | sent unknown address type 0x05 in its CONNECT reply for example.org:443, expected 0x01, 0x03 or 0x04",
                "0500000300 | sent an empty bound domain name in its CONNECT reply for example.org:443",
                "0500000100000000 | closed the connection during CONNECT to example.org:443 while sending the bound address of its CONNECT reply (got 4 of 6 bytes)",
                "0500 | closed the connection during CONNECT to example.org:443 while sending its CONNECT reply (got 2 of 4 bytes)"
            })
    void malformedConnectReply(String reply, String reason) throws Exception {
        boolean eof = reason.startsWith("closed");
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            read(s, 3);
            send(s, bytes("0500"));
            read(s, 18);
            send(s, bytes(reply));
            if (eof) {
                s.shutdownOutput();
            }
            expectClosedByClient(s);
        })) {
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, null).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.PROTOCOL);
            assertThat(e.getMessage()).isEqualTo("SOCKS5 proxy " + proxy.hostPort() + " " + reason);
            proxy.awaitScript();
        }
    }

    @Test
    void proxyThatNeverAnswersFailsAtTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = Loopback.v4(silent.getLocalPort());
            long start = System.nanoTime();
            ProxyException e =
                    catchThrowableOfType(ProxyException.class, () -> new Socks5Dialer(Dialer.DIRECT, address, null)
                            .dial(EXAMPLE, Duration.ofMillis(400)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "SOCKS5 proxy 127.0.0.1:" + silent.getLocalPort()
                                    + " did not complete CONNECT to example.org:443 within 400 ms (waiting for its method selection)");
            assertThat(elapsedMs).isBetween(350L, 1500L);
        }
    }

    @Test
    void silentFirstHopOfAChainIsReportedAsATimeoutOfTheWholeDial() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, Loopback.V4)) {
            HttpConnectDialer firstHop = new HttpConnectDialer(Dialer.DIRECT, Loopback.v4(silent.getLocalPort()), null);
            Socks5Dialer chain =
                    new Socks5Dialer(firstHop, InetSocketAddress.createUnresolved("socks.test", 1080), null);
            long start = System.nanoTime();
            ProxyException e =
                    catchThrowableOfType(ProxyException.class, () -> chain.dial(EXAMPLE, Duration.ofMillis(400)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(e.getMessage())
                    .isEqualTo("could not reach SOCKS5 proxy socks.test:1080 for CONNECT to example.org:443: HTTP proxy"
                            + " 127.0.0.1:" + silent.getLocalPort() + " did not complete CONNECT to socks.test:1080"
                            + " within 400 ms (waiting for its status line)");
            assertThat(elapsedMs).isBetween(350L, 1500L);
        }
    }

    @Test
    void unreachableProxyIsNamed() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        InetSocketAddress address = Loopback.v4(port);
        ProxyException e = catchThrowableOfType(
                ProxyException.class, () -> new Socks5Dialer(Dialer.DIRECT, address, null).dial(EXAMPLE, TIMEOUT));
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.UNREACHABLE);
        assertThat(e.getMessage())
                .startsWith("could not reach SOCKS5 proxy 127.0.0.1:" + port + " for CONNECT to example.org:443: ");
        assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void overlongHostNameFailsBeforeConnecting() {
        Dialer mustNotBeCalled = (target, timeout) -> {
            throw new AssertionError("the proxy must not be dialed");
        };
        InetSocketAddress proxy = InetSocketAddress.createUnresolved("proxy.test", 1080);
        String longName = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".e";
        ProxyException e =
                catchThrowableOfType(ProxyException.class, () -> new Socks5Dialer(mustNotBeCalled, proxy, null)
                        .dial(InetSocketAddress.createUnresolved(longName, 443), TIMEOUT));
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.BAD_TARGET);
        assertThat(e.getMessage())
                .isEqualTo("cannot ask SOCKS5 proxy proxy.test:1080 to CONNECT to " + longName
                        + ":443: the host name is 257 bytes, SOCKS5 allows 1..255");
    }

    @Test
    void credentialsLongerThanRfc1929AllowsAreRejected() {
        InetSocketAddress proxy = InetSocketAddress.createUnresolved("proxy.test", 1080);
        assertThatThrownBy(() -> new Socks5Dialer(Dialer.DIRECT, proxy, new ProxyCredentials("u", "p".repeat(256))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SOCKS5 password must be 0..255 bytes in UTF-8, got 256");
        assertThatThrownBy(() -> new Socks5Dialer(Dialer.DIRECT, proxy, new ProxyCredentials("\u00e9".repeat(128), "")))
                .hasMessage("SOCKS5 user name must be 1..255 bytes in UTF-8, got 256");
    }

    @Test
    void toStringShowsTheRouteButNoPassword() {
        Socks5Dialer d = new Socks5Dialer(
                Dialer.DIRECT,
                InetSocketAddress.createUnresolved("proxy.test", 1080),
                new ProxyCredentials("u", "pw1"));
        assertThat(d.toString()).contains("proxy.test:1080", "user u").doesNotContain("pw1");
    }
}
