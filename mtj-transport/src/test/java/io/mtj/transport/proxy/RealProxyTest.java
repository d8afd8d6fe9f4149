package io.mtj.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtj.testkit.ExternalTools;
import io.mtj.testkit.RealProxies;
import io.mtj.testkit.SelfSignedCert;
import io.mtj.transport.Dialer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialers against real proxy servers started on loopback: dante (SOCKS5, with and without
 * username/password), tinyproxy (HTTP CONNECT, with and without Basic auth), stunnel in front of
 * tinyproxy (https:// proxy), and chains of them. Install the programs with
 * tools/install-test-deps.sh; without them the class fails when CI=true and is skipped otherwise.
 */
class RealProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT = Duration.ofMillis(700);
    private static final byte[] GREETING = "MTJ target says hello first\n".getBytes(StandardCharsets.US_ASCII);
    private static final ProxyCredentials HTTP_USER = new ProxyCredentials("alice", "tiny-s3cret");
    private static final ProxyCredentials SOCKS_USER =
            new ProxyCredentials(ExternalTools.SOCKS_USER, ExternalTools.SOCKS_PASSWORD);
    /** TEST-NET-1: dante's rules block it, so CONNECT there is refused by ruleset. */
    private static final InetSocketAddress BLOCKED =
            new InetSocketAddress(Loopback.byAddress(new byte[] {(byte) 192, 0, 2, 1}), 443);

    @TempDir
    static @Nullable Path dir;

    private static final List<AutoCloseable> started = new ArrayList<>();
    private static @Nullable Rig rig;

    /** Everything the tests dial. */
    record Rig(
            TargetServer target4,
            TargetServer target6,
            TargetServer targetBoth,
            ServerSocket silent,
            int dante,
            int danteAuth,
            int tiny,
            int tinyAuth,
            int stunnel,
            SSLContext tls) {}

    private static <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    @BeforeAll
    static void startServers() throws Exception {
        ExternalTools.require(ExternalTools.DANTED);
        ExternalTools.require(ExternalTools.TINYPROXY);
        ExternalTools.require(ExternalTools.STUNNEL);
        ExternalTools.require(ExternalTools.OPENSSL);
        Path d = Objects.requireNonNull(dir);
        TargetServer target4 = track(TargetServer.start(Loopback.V4, GREETING));
        TargetServer target6 = track(TargetServer.start(Loopback.V6, GREETING));
        TargetServer both = track(TargetServer.startOnBothLoopbacks(GREETING));
        ServerSocket silent = track(new ServerSocket(0, 8, Loopback.V4));
        RealProxies.Running dante = track(RealProxies.danted(d, false));
        RealProxies.Running danteAuth = track(RealProxies.danted(d, true));
        List<Integer> connectPorts = List.of(
                target4.port(), target6.port(), both.port(), silent.getLocalPort(), dante.port(), danteAuth.port());
        RealProxies.Running tiny = track(RealProxies.tinyproxy(d, connectPorts, null, null));
        RealProxies.Running tinyAuth =
                track(RealProxies.tinyproxy(d, connectPorts, HTTP_USER.username(), HTTP_USER.password()));
        SelfSignedCert cert = SelfSignedCert.generate(d);
        RealProxies.Running stunnel = track(RealProxies.stunnel(d, cert, tinyAuth.port()));
        rig = new Rig(
                target4,
                target6,
                both,
                silent,
                dante.port(),
                danteAuth.port(),
                tiny.port(),
                tinyAuth.port(),
                stunnel.port(),
                cert.clientContext());
    }

    @AfterAll
    static void stopServers() throws Exception {
        Exception failure = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        started.clear();
        rig = null;
        if (failure != null) {
            throw failure;
        }
    }

    private static Rig rig() {
        return Objects.requireNonNull(rig, "servers not started");
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(Loopback.V4, port);
    }

    private static InetSocketAddress target4() {
        return loopback(rig().target4().port());
    }

    private static InetSocketAddress target6() {
        return Loopback.v6(rig().target6().port());
    }

    private static InetSocketAddress targetByName() {
        return InetSocketAddress.createUnresolved(
                "localhost", rig().targetBoth().port());
    }

    private static Socks5Dialer socks(Dialer upstream, @Nullable ProxyCredentials credentials) {
        int port = credentials == null ? rig().dante() : rig().danteAuth();
        return new Socks5Dialer(upstream, loopback(port), credentials);
    }

    private static HttpConnectDialer http(Dialer upstream, @Nullable ProxyCredentials credentials) {
        int port = credentials == null ? rig().tiny() : rig().tinyAuth();
        return new HttpConnectDialer(upstream, loopback(port), credentials);
    }

    /** stunnel in front of the Basic-auth tinyproxy, addressed by name so SNI and verification apply. */
    private static HttpConnectDialer https(Dialer upstream, ProxyCredentials credentials) {
        return new HttpConnectDialer(
                upstream, InetSocketAddress.createUnresolved("localhost", rig().stunnel()), credentials, rig().tls());
    }

    /**
     * Dials {@code target}, checks the greeting the target sent on accept arrived whole (no byte
     * lost behind the proxy reply), then echoes 48 KiB both ways at once.
     */
    private static void assertTunnel(Dialer dialer, InetSocketAddress target) throws Exception {
        try (Socket socket = dialer.dial(target, TIMEOUT)) {
            assertThat(socket.getSoTimeout()).isZero();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(GREETING.length)).isEqualTo(GREETING);
            byte[] payload = new byte[48 * 1024];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31 + (i >>> 8));
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(
                    () -> {
                        try {
                            socket.getOutputStream().write(payload);
                            socket.getOutputStream().flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    r -> Thread.ofVirtual().start(r));
            assertThat(in.readNBytes(payload.length)).isEqualTo(payload);
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    private static ProxyException dialFails(Dialer dialer, InetSocketAddress target, Duration timeout) {
        return catchThrowableOfType(
                ProxyException.class, () -> dialer.dial(target, timeout).close());
    }

    private static void assertTimesOut(Dialer dialer, String messageStart) {
        long start = System.nanoTime();
        ProxyException e = dialFails(dialer, target4(), SHORT);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.TIMEOUT);
        assertThat(e.getMessage()).startsWith(messageStart).contains("within 700 ms");
        assertThat(elapsedMs).isBetween(SHORT.toMillis() - 50, SHORT.toMillis() + 1500);
    }

    // ---- SOCKS5 (dante) ----

    @Test
    void socks5NoAuthIpv4DomainAndIpv6Targets() throws Exception {
        assertTunnel(socks(Dialer.DIRECT, null), target4());
        assertTunnel(socks(Dialer.DIRECT, null), targetByName());
        assertTunnel(socks(Dialer.DIRECT, null), target6());
    }

    @Test
    void socks5UsernamePassword() throws Exception {
        ExternalTools.requireRoot("dante's username method");
        assertTunnel(socks(Dialer.DIRECT, SOCKS_USER), target4());
        assertTunnel(socks(Dialer.DIRECT, SOCKS_USER), targetByName());
        assertTunnel(socks(Dialer.DIRECT, SOCKS_USER), target6());
    }

    @Test
    void socks5WrongOrMissingCredentials() {
        ExternalTools.requireRoot("dante's username method");
        ProxyException wrong = dialFails(
                socks(Dialer.DIRECT, new ProxyCredentials(ExternalTools.SOCKS_USER, "not-the-password")),
                target4(),
                TIMEOUT);
        assertThat(wrong.kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        assertThat(wrong.getMessage())
                .isEqualTo("SOCKS5 proxy 127.0.0.1:" + rig().danteAuth() + " rejected user 'mtjproxy' for CONNECT to "
                        + "127.0.0.1:" + rig().target4().port() + ": wrong user name or password (status 0x01)")
                .doesNotContain("not-the-password");
        ProxyException missing =
                dialFails(new Socks5Dialer(Dialer.DIRECT, loopback(rig().danteAuth()), null), target4(), TIMEOUT);
        assertThat(missing.kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        assertThat(missing.getMessage())
                .isEqualTo("SOCKS5 proxy 127.0.0.1:" + rig().danteAuth() + " accepts none of the offered authentication"
                        + " methods (no authentication) for CONNECT to 127.0.0.1:"
                        + rig().target4().port()
                        + " (method 0xff)");
    }

    @Test
    void socks5RefusalsCarryTheRfcMeaning() throws Exception {
        ProxyException blocked = dialFails(socks(Dialer.DIRECT, null), BLOCKED, TIMEOUT);
        assertThat(blocked.kind()).isEqualTo(ProxyException.Kind.REFUSED);
        assertThat(blocked.getMessage())
                .isEqualTo("SOCKS5 proxy 127.0.0.1:" + rig().dante()
                        + " refused CONNECT to 192.0.2.1:443: connection not allowed by ruleset (reply 0x02)");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, Loopback.V4)) {
            closedPort = probe.getLocalPort();
        }
        ProxyException closed = dialFails(socks(Dialer.DIRECT, null), loopback(closedPort), TIMEOUT);
        assertThat(closed.kind()).isEqualTo(ProxyException.Kind.REFUSED);
        assertThat(closed.getMessage())
                .startsWith("SOCKS5 proxy 127.0.0.1:" + rig().dante() + " refused CONNECT to 127.0.0.1:" + closedPort
                        + ": ")
                .matches(".*\\(reply 0x0[1-5]\\)");
    }

    @Test
    void socks5SilentProxyTimesOut() {
        assertTimesOut(
                new Socks5Dialer(Dialer.DIRECT, loopback(rig().silent().getLocalPort()), null),
                "SOCKS5 proxy 127.0.0.1:" + rig().silent().getLocalPort() + " did not complete CONNECT");
    }

    // ---- HTTP CONNECT (tinyproxy) ----

    @Test
    void httpNoAuthIpv4DomainAndIpv6Targets() throws Exception {
        assertTunnel(http(Dialer.DIRECT, null), target4());
        assertTunnel(http(Dialer.DIRECT, null), targetByName());
        assertTunnel(http(Dialer.DIRECT, null), target6());
    }

    @Test
    void httpBasicAuth() throws Exception {
        assertTunnel(http(Dialer.DIRECT, HTTP_USER), target4());
        assertTunnel(http(Dialer.DIRECT, HTTP_USER), targetByName());
    }

    @Test
    void httpWrongOrMissingCredentials() {
        String to = "127.0.0.1:" + rig().target4().port();
        ProxyException wrong =
                dialFails(http(Dialer.DIRECT, new ProxyCredentials("alice", "wrong-pw")), target4(), TIMEOUT);
        assertThat(wrong.kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        assertThat(wrong.getMessage())
                .startsWith("HTTP proxy 127.0.0.1:" + rig().tinyAuth() + " answered 40")
                .containsPattern("answered 40[17] ")
                .contains(" to CONNECT " + to + " (the credentials were rejected")
                .doesNotContain("wrong-pw");
        ProxyException missing =
                dialFails(new HttpConnectDialer(Dialer.DIRECT, loopback(rig().tinyAuth()), null), target4(), TIMEOUT);
        assertThat(missing.kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        assertThat(missing.getMessage()).contains(" to CONNECT " + to + " (no credentials were given");
    }

    @Test
    void httpRefusesAPortOutsideConnectPort() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, Loopback.V4)) {
            closedPort = probe.getLocalPort();
        }
        ProxyException e = dialFails(http(Dialer.DIRECT, null), loopback(closedPort), TIMEOUT);
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.REFUSED);
        assertThat(e.getMessage())
                .startsWith("HTTP proxy 127.0.0.1:" + rig().tiny() + " answered 403 ")
                .endsWith(" to CONNECT 127.0.0.1:" + closedPort);
    }

    @Test
    void httpSilentProxyTimesOut() {
        assertTimesOut(
                new HttpConnectDialer(Dialer.DIRECT, loopback(rig().silent().getLocalPort()), null),
                "HTTP proxy 127.0.0.1:" + rig().silent().getLocalPort() + " did not complete CONNECT");
    }

    // ---- HTTPS proxy (stunnel -> tinyproxy with Basic auth) ----

    @Test
    void httpsProxyWithBasicAuth() throws Exception {
        assertTunnel(https(Dialer.DIRECT, HTTP_USER), target4());
        assertTunnel(https(Dialer.DIRECT, HTTP_USER), targetByName());
    }

    @Test
    void httpsProxyWrongCredentials() {
        ProxyException e =
                dialFails(https(Dialer.DIRECT, new ProxyCredentials("alice", "nope-pw")), target4(), TIMEOUT);
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.AUTHENTICATION);
        assertThat(e.getMessage())
                .startsWith("HTTPS proxy localhost:" + rig().stunnel() + " answered 40")
                .containsPattern("answered 40[17] ")
                .doesNotContain("nope-pw");
    }

    @Test
    void httpsProxyUntrustedCertificateFailsTls() throws Exception {
        HttpConnectDialer untrusted = new HttpConnectDialer(
                Dialer.DIRECT,
                InetSocketAddress.createUnresolved("localhost", rig().stunnel()),
                HTTP_USER,
                SSLContext.getDefault());
        ProxyException e = dialFails(untrusted, target4(), TIMEOUT);
        assertThat(e.kind()).isEqualTo(ProxyException.Kind.TLS);
        assertThat(e.getMessage())
                .startsWith("HTTPS proxy localhost:" + rig().stunnel() + " TLS handshake failed before CONNECT to ");
    }

    @Test
    void httpsSilentProxyTimesOut() {
        int port = rig().silent().getLocalPort();
        assertTimesOut(
                new HttpConnectDialer(Dialer.DIRECT, loopback(port), null, rig().tls()),
                "HTTPS proxy 127.0.0.1:" + port + " did not complete CONNECT");
    }

    // ---- chains ----

    @Test
    void socks5ThroughHttp() throws Exception {
        assertTunnel(socks(http(Dialer.DIRECT, null), null), target4());
        assertTunnel(socks(http(Dialer.DIRECT, HTTP_USER), null), targetByName());
        assertTunnel(socks(https(Dialer.DIRECT, HTTP_USER), null), target6());
    }

    @Test
    void httpThroughSocks5() throws Exception {
        assertTunnel(http(socks(Dialer.DIRECT, null), null), target4());
        assertTunnel(http(socks(Dialer.DIRECT, null), HTTP_USER), targetByName());
    }

    @Test
    void chainFromUris() throws Exception {
        ProxyChain chain = ProxyChain.parse(
                "http://alice:tiny-s3cret@127.0.0.1:" + rig().tinyAuth() + ", socks5h://127.0.0.1:" + rig().dante());
        assertTunnel(chain.dialer(Dialer.DIRECT), targetByName());
        ProxyChain viaTls = ProxyChain.parse(
                "https://alice:tiny-s3cret@localhost:" + rig().stunnel() + " socks5h://127.0.0.1:" + rig().dante());
        assertTunnel(viaTls.dialer(Dialer.DIRECT, io.mtj.transport.Resolver.SYSTEM, rig().tls()), target6());
        assertTunnel(ProxyUri.parse("socks5://127.0.0.1:" + rig().dante()).dialer(Dialer.DIRECT), targetByName());
    }

    @Test
    void chainErrorsNameTheFailingHop() {
        ProxyException inner = dialFails(
                socks(http(Dialer.DIRECT, new ProxyCredentials("alice", "bad-pw")), null), target4(), TIMEOUT);
        assertThat(inner.kind()).isEqualTo(ProxyException.Kind.UNREACHABLE);
        assertThat(inner.getMessage())
                .startsWith("could not reach SOCKS5 proxy 127.0.0.1:" + rig().dante() + " for CONNECT to 127.0.0.1:"
                        + rig().target4().port() + ": HTTP proxy 127.0.0.1:" + rig().tinyAuth() + " answered 40");
        assertThat(inner.getCause()).isInstanceOfSatisfying(ProxyException.class, cause -> assertThat(cause.kind())
                .isEqualTo(ProxyException.Kind.AUTHENTICATION));
    }

    @Test
    void chainWhoseLastHopIsSilentTimesOutWithinTheOverallTimeout() {
        // tinyproxy opens the tunnel to the silent "SOCKS5 proxy", which then never answers
        int port = rig().silent().getLocalPort();
        assertTimesOut(
                new Socks5Dialer(http(Dialer.DIRECT, null), loopback(port), null),
                "SOCKS5 proxy 127.0.0.1:" + port + " did not complete CONNECT");
    }
}
