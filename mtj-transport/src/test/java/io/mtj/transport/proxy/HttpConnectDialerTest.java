package io.mtj.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtj.testkit.SelfSignedCert;
import io.mtj.transport.Dialer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP CONNECT against a scripted in-process proxy: exact request bytes and every reply error path. */
@SuppressWarnings("StringConcatToTextBlock") // CSV rows split over lines read better than text blocks
class HttpConnectDialerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final InetSocketAddress EXAMPLE = InetSocketAddress.createUnresolved("example.org", 443);

    @TempDir
    static @Nullable Path certDir;

    private static @Nullable SelfSignedCert cert;

    /** Made once, on first use, so the plain-HTTP tests run even where openssl is missing. */
    private static SelfSignedCert cert() throws Exception {
        SelfSignedCert made = cert;
        if (made == null) {
            made = SelfSignedCert.generate(Objects.requireNonNull(certDir));
            cert = made;
        }
        return made;
    }

    /** The request head up to and including the blank line, read byte by byte. */
    static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("request head ended early: %s", head).isNotNegative();
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static HttpConnectDialer dialer(ScriptedProxy proxy, @Nullable ProxyCredentials credentials) {
        return new HttpConnectDialer(Dialer.DIRECT, proxy.address(), credentials);
    }

    @Test
    void connectRequestIsExactAndTargetBytesBehindTheReplyAreKept() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            assertThat(readHead(s)).isEqualTo("CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
            // a Content-Length on a 2xx CONNECT reply must be ignored (RFC 9110 9.3.6)
            send(s, "HTTP/1.1 200 Connection established\r\nContent-Length: 5\r\nVia: test\r\n\r\nHELLO");
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
                    .isEqualTo("ping");
            send(s, "pong");
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
    void basicCredentialsAndIpv6TargetsAreWrittenAsRfcsSay() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            // base64("Aladdin:open sesame") from RFC 7617 section 2
            assertThat(readHead(s))
                    .isEqualTo("CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n"
                            + "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n");
            send(s, "HTTP/1.0 200 OK\n\n*");
        })) {
            HttpConnectDialer dialer = dialer(proxy, new ProxyCredentials("Aladdin", "open sesame"));
            try (Socket socket = dialer.dial(Loopback.v6(8443), TIMEOUT)) {
                assertThat(socket.getInputStream().read()).isEqualTo('*');
            }
            proxy.awaitScript();
        }
    }

    @Test
    void bracketedIpv6NamesAreNotBracketedTwice() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            assertThat(readHead(s)).isEqualTo("CONNECT [2001:db8::7]:443 HTTP/1.1\r\nHost: [2001:db8::7]:443\r\n\r\n");
            send(s, "HTTP/1.1 200 OK\r\n\r\n");
        })) {
            dialer(proxy, null)
                    .dial(InetSocketAddress.createUnresolved("[2001:db8::7]", 443), TIMEOUT)
                    .close();
            proxy.awaitScript();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP/1.1 407 Proxy Authentication Required\\r\\nProxy-Authenticate: Basic realm=\"tiny\"\\r\\n\\r\\n | false | AUTHENTICATION"
                        + " | answered 407 Proxy Authentication Required to CONNECT example.org:443 (no credentials were given; it asks for Basic realm=\"tiny\")",
                "HTTP/1.1 407 Proxy Authentication Required\\r\\n\\r\\n | true | AUTHENTICATION"
                        + " | answered 407 Proxy Authentication Required to CONNECT example.org:443 (the credentials were rejected)",
                "HTTP/1.1 401 Unauthorized\\r\\nWWW-Authenticate: Basic realm=\"t\"\\r\\n\\r\\n | false | AUTHENTICATION"
                        + " | answered 401 Unauthorized to CONNECT example.org:443 (no credentials were given; it asks for Basic realm=\"t\")",
                "HTTP/1.1 403 Access violation\\r\\nContent-Length: 0\\r\\n\\r\\n | false | REFUSED"
                        + " | answered 403 Access violation to CONNECT example.org:443",
                "HTTP/1.1 502\\r\\n\\r\\n | false | REFUSED | answered 502 to CONNECT example.org:443",
                "SSH-2.0-OpenSSH_9.2\\r\\n | false | PROTOCOL"
                        + " | answered CONNECT example.org:443 with a malformed status line 'SSH-2.0-OpenSSH_9.2', expected 'HTTP/1.x NNN reason'",
                "HTTP/1.1 20 OK\\r\\n\\r\\n | false | PROTOCOL"
                        + " | answered CONNECT example.org:443 with a malformed status line 'HTTP/1.1 20 OK', expected 'HTTP/1.x NNN reason'",
                "HTTP/1.1 200 OK\\r\\nVia: x\\r\\n | false | PROTOCOL"
                        + " | closed the connection during CONNECT to example.org:443 while sending its reply headers (got 0 of 1 bytes)"
            })
    void errorReplies(String reply, boolean withCredentials, ProxyException.Kind kind, String reason) throws Exception {
        String wire = reply.replace("\\r", "\r").replace("\\n", "\n");
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            readHead(s);
            send(s, wire);
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).as("client closed its end").isEqualTo(-1);
        })) {
            @Nullable
            ProxyCredentials credentials = withCredentials ? new ProxyCredentials("bob", "pw-secret-1") : null;
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, credentials).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo("HTTP proxy " + proxy.hostPort() + " " + reason);
            assertThat(e.getMessage()).doesNotContain("pw-secret-1");
            proxy.awaitScript();
        }
    }

    @Test
    void replyHeadersAreBoundedAndNothingBeyondTheLimitIsRead() throws Exception {
        try (ScriptedProxy proxy = ScriptedProxy.start(s -> {
            readHead(s);
            StringBuilder reply = new StringBuilder("HTTP/1.1 200 OK\r\n");
            while (reply.length() < HttpConnectDialer.MAX_REPLY_HEADER_BYTES + 100) {
                reply.append("X-Filler: ").append("f".repeat(90)).append("\r\n");
            }
            send(s, reply.toString());
        })) {
            ProxyException e = catchThrowableOfType(
                    ProxyException.class, () -> dialer(proxy, null).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.PROTOCOL);
            assertThat(e.getMessage())
                    .isEqualTo("HTTP proxy " + proxy.hostPort()
                            + " sent more than 16384 bytes of reply headers to CONNECT example.org:443"
                            + " without the blank line that ends them");
            proxy.awaitScript();
        }
    }

    @Test
    void proxyThatNeverAnswersFailsAtTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = Loopback.v4(silent.getLocalPort());
            long start = System.nanoTime();
            ProxyException e =
                    catchThrowableOfType(ProxyException.class, () -> new HttpConnectDialer(Dialer.DIRECT, address, null)
                            .dial(EXAMPLE, Duration.ofMillis(400)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "HTTP proxy 127.0.0.1:" + silent.getLocalPort()
                                    + " did not complete CONNECT to example.org:443 within 400 ms (waiting for its status line)");
            assertThat(elapsedMs).isBetween(350L, 1500L);
        }
    }

    @Test
    void headerInjectionInTheTargetIsRefusedBeforeConnecting() {
        Dialer mustNotBeCalled = (target, timeout) -> {
            throw new AssertionError("the proxy must not be dialed");
        };
        HttpConnectDialer dialer =
                new HttpConnectDialer(mustNotBeCalled, InetSocketAddress.createUnresolved("proxy.test", 3128), null);
        ProxyException e = catchThrowableOfType(
                ProxyException.class,
                () -> dialer.dial(InetSocketAddress.createUnresolved("a.org\r\nX-Evil: 1", 443), TIMEOUT));
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.BAD_TARGET);
        assertThat(e.getMessage())
                .startsWith("cannot ask HTTP proxy proxy.test:3128 to CONNECT to 'a.org")
                .endsWith("': the host name is empty or has spaces or control characters");
    }

    @Test
    void basicUserNameWithColonIsRejected() {
        assertThatThrownBy(() -> new HttpConnectDialer(
                        Dialer.DIRECT,
                        InetSocketAddress.createUnresolved("proxy.test", 3128),
                        new ProxyCredentials("a:b", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP Basic user name must not contain ':' (RFC 7617)");
    }

    /** An in-process https:// proxy: TLS with SNI and hostname verification, then CONNECT inside. */
    @Test
    void httpsProxySendsSniVerifiesTheCertificateAndTunnelsInsideTls() throws Exception {
        SSLContext server = cert().serverContext();
        try (SSLServerSocket listener = (SSLServerSocket)
                server.getServerSocketFactory().createServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(5000);
                    String head = readHead(s);
                    send(s, "HTTP/1.1 200 Connection established\r\n\r\nHELLO");
                    String sni = ((ExtendedSSLSession) s.getSession())
                            .getRequestedServerNames().stream()
                                    .map(n -> ((SNIHostName) n).getAsciiName())
                                    .findFirst()
                                    .orElse("(none)");
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                    return List.of(sni, head);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InetSocketAddress proxy = InetSocketAddress.createUnresolved("localhost", port);
            // reach "localhost" on IPv4 whatever the resolver prefers
            Dialer toListener = (t, timeout) -> Dialer.DIRECT.dial(Loopback.v4(t.getPort()), timeout);
            HttpConnectDialer dialer = new HttpConnectDialer(toListener, proxy, null, cert().clientContext());
            try (Socket socket = dialer.dial(EXAMPLE, TIMEOUT)) {
                assertThat(socket).isInstanceOf(SSLSocket.class);
                assertThat(socket.getSoTimeout()).isZero();
                assertThat(new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                        .isEqualTo("HELLO");
            }
            assertThat(seen.get(5, TimeUnit.SECONDS))
                    .containsExactly("localhost", "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n");
        }
    }

    @Test
    void httpsProxyWithAForeignNameFailsHostnameVerification() throws Exception {
        SelfSignedCert cert = cert();
        try (SSLServerSocket listener = (SSLServerSocket) cert.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                } catch (IOException expected) {
                    // the client aborts the handshake
                }
            });
            Dialer toListener = (t, timeout) -> Dialer.DIRECT.dial(Loopback.v4(listener.getLocalPort()), timeout);
            InetSocketAddress proxy = InetSocketAddress.createUnresolved("proxy.invalid", listener.getLocalPort());
            ProxyException e = catchThrowableOfType(
                    ProxyException.class,
                    () -> new HttpConnectDialer(toListener, proxy, null, cert.clientContext()).dial(EXAMPLE, TIMEOUT));
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TLS);
            assertThat(e.getMessage())
                    .startsWith("HTTPS proxy proxy.invalid:" + listener.getLocalPort()
                            + " TLS handshake failed before CONNECT to example.org:443: ")
                    .contains("proxy.invalid");
            acceptor.join(5000);
        }
    }

    @Test
    void httpsProxyThatNeverAnswersFailsAtTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = Loopback.v4(silent.getLocalPort());
            long start = System.nanoTime();
            ProxyException e = catchThrowableOfType(ProxyException.class, () -> new HttpConnectDialer(
                            Dialer.DIRECT, address, null, SSLContext.getDefault())
                    .dial(EXAMPLE, Duration.ofMillis(400)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(e.getMessage()).endsWith("within 400 ms (waiting for the TLS handshake)");
            assertThat(elapsedMs).isBetween(350L, 1500L);
        }
    }

    /** A peer that drips one byte of a TLS record at a time, each well within SO_TIMEOUT. */
    @Test
    void httpsProxyThatDripsBytesStillFailsAtTheTimeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 4, Loopback.V4)) {
            Thread dripper = Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    // handshake record header announcing 16 KiB, then the body one byte per 50 ms
                    out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(50);
                        out.write(0x02);
                        out.flush();
                    }
                } catch (IOException | InterruptedException expected) {
                    // the client closes the connection at its deadline
                }
            });
            long start = System.nanoTime();
            ProxyException e = catchThrowableOfType(ProxyException.class, () -> new HttpConnectDialer(
                            Dialer.DIRECT, Loopback.v4(listener.getLocalPort()), null, SSLContext.getDefault())
                    .dial(EXAMPLE, Duration.ofMillis(400)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "HTTPS proxy 127.0.0.1:" + listener.getLocalPort()
                                    + " did not complete CONNECT to example.org:443 within 400 ms (waiting for the TLS handshake)");
            assertThat(elapsedMs).isBetween(350L, 1500L);
            dripper.join(10_000);
            assertThat(dripper.isAlive()).isFalse();
        }
    }
}
