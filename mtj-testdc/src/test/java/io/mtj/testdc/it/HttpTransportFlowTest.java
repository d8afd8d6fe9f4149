package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.HelpGetConfig;
import io.mtj.api.telegram.UpdatesTooLong;
import io.mtj.core.ClientConfig;
import io.mtj.core.DeviceInfo;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.ReceivedRequest;
import io.mtj.testdc.TestDc;
import io.mtj.testkit.ExternalTools;
import io.mtj.testkit.RealProxies;
import io.mtj.testkit.SelfSignedCert;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import io.mtj.transport.proxy.HttpConnectDialer;
import io.mtj.transport.proxy.ProxyCredentials;
import io.mtj.transport.proxy.Socks5Dialer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MTProto's HTTP transport through the real client flow (key exchange, session, initConnection, calls, a pushed
 * update) against the test DC's shared port: directly, through tinyproxy as a plain forwarding proxy (absolute-form
 * requests; tinyproxy is configured to refuse CONNECT to the DC, so passing proves the form), the same with Basic
 * authentication, through tinyproxy with CONNECT, through an https:// proxy (stunnel's TLS in front of that
 * tinyproxy, CONNECT inside TLS), and through dante (SOCKS5). Counting relays prove each route.
 * (That a held long poll makes calls open further connections is shown deterministically by HttpTransportTest.)
 */
class HttpTransportFlowTest {
    private static final int DC_ID = 2;
    private static final ProxyCredentials HTTP_USER = new ProxyCredentials("alice", "tiny-s3cret");

    enum Route {
        DIRECT,
        HTTP_FORWARD,
        HTTP_FORWARD_AUTH,
        HTTP_CONNECT,
        HTTPS_CONNECT,
        SOCKS5
    }

    @TempDir
    static @Nullable Path dir;

    private static final List<AutoCloseable> started = new ArrayList<>();
    private static @Nullable TestDc dc;
    private static @Nullable CountingRelay front;
    private static @Nullable CountingRelay forward;
    private static @Nullable CountingRelay forwardAuth;
    private static @Nullable CountingRelay connect;
    private static @Nullable CountingRelay socks;
    private static @Nullable CountingRelay https;
    private static @Nullable SSLContext httpsTrust;

    private static <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @BeforeAll
    static void start() throws Exception {
        ExternalTools.require(ExternalTools.TINYPROXY);
        ExternalTools.require(ExternalTools.DANTED);
        ExternalTools.require(ExternalTools.STUNNEL);
        Path d = Objects.requireNonNull(dir);
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(80);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        TestDc server = track(TestDc.builder().dcId(DC_ID).rsaKey(rsa).build());
        dc = server;
        CountingRelay relay = track(new CountingRelay("dc", server.address()));
        front = relay;
        // port 1 only: CONNECT to the DC is refused, so the forwarding routes must send absolute-form requests
        forward = track(new CountingRelay(
                "tinyproxy-forward",
                loopback(track(RealProxies.tinyproxy(d, List.of(1), null, null)).port())));
        forwardAuth = track(new CountingRelay(
                "tinyproxy-forward-auth",
                loopback(track(RealProxies.tinyproxy(d, List.of(1), HTTP_USER.username(), HTTP_USER.password()))
                        .port())));
        CountingRelay connectRelay = track(new CountingRelay(
                "tinyproxy-connect",
                loopback(track(RealProxies.tinyproxy(d, List.of(relay.port()), null, null))
                        .port())));
        connect = connectRelay;
        socks = track(new CountingRelay(
                "dante", loopback(track(RealProxies.danted(d, false)).port())));
        // an https:// proxy: stunnel terminates TLS in front of the CONNECT tinyproxy (reached through its relay)
        SelfSignedCert cert = SelfSignedCert.generate(d);
        httpsTrust = cert.clientContext();
        https = track(new CountingRelay(
                "stunnel-tinyproxy",
                loopback(
                        track(RealProxies.stunnel(d, cert, connectRelay.port())).port())));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
    }

    private static ClientConfig config(Route route) {
        TestDc server = Objects.requireNonNull(dc);
        CountingRelay relay = Objects.requireNonNull(front);
        ClientConfig.Builder b = ClientConfig.builder(12345, "0123456789abcdef0123456789abcdef")
                .endpoint(Endpoint.of("127.0.0.1", relay.port(), DC_ID))
                .framing(Framing.HTTP)
                .serverKeys(List.of(server.publicKey()))
                .device(new DeviceInfo("JUnit", "HTTP transport", "9.9", "en", "", "en"))
                .connectTimeout(Duration.ofSeconds(10))
                .handshakeTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(20))
                .sessionOptions(SessionOptions.defaults().withPingInterval(Duration.ZERO));
        switch (route) {
            case DIRECT -> {}
            case HTTP_FORWARD ->
                b.proxy("http://127.0.0.1:" + Objects.requireNonNull(forward).port());
            case HTTP_FORWARD_AUTH ->
                b.proxy("http://" + HTTP_USER.username() + ":" + HTTP_USER.password() + "@127.0.0.1:"
                        + Objects.requireNonNull(forwardAuth).port());
            case HTTP_CONNECT ->
                b.dialer(new HttpConnectDialer(
                        io.mtj.transport.Dialer.DIRECT,
                        loopback(Objects.requireNonNull(connect).port()),
                        null));
            case HTTPS_CONNECT ->
                // addressed by name: the proxy's certificate is checked for "localhost"
                b.dialer(new HttpConnectDialer(
                        io.mtj.transport.Dialer.DIRECT,
                        InetSocketAddress.createUnresolved(
                                "localhost", Objects.requireNonNull(https).port()),
                        null,
                        Objects.requireNonNull(httpsTrust)));
            case SOCKS5 ->
                b.dialer(new Socks5Dialer(
                        io.mtj.transport.Dialer.DIRECT,
                        loopback(Objects.requireNonNull(socks).port()),
                        null));
        }
        return b.build();
    }

    private static @Nullable CountingRelay proxyRelay(Route route) {
        return switch (route) {
            case DIRECT -> null;
            case HTTP_FORWARD -> forward;
            case HTTP_FORWARD_AUTH -> forwardAuth;
            case HTTP_CONNECT -> connect;
            case HTTPS_CONNECT -> https;
            case SOCKS5 -> socks;
        };
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void connectsCallsAndReceivesAPushedUpdate(Route route) throws Exception {
        CountingRelay proxy = proxyRelay(route);
        int proxyBefore = proxy == null ? 0 : proxy.accepted();
        int dcBefore = Objects.requireNonNull(front).accepted();
        LinkedBlockingQueue<byte[]> updates = new LinkedBlockingQueue<>();
        while (Objects.requireNonNull(dc).takeRequest(Duration.ZERO) != null) {
            // what the routes before left: the first request taken below is this client's
        }
        try (TelegramClient client = new TelegramClient(config(route))) {
            client.subscribeRawUpdates(updates::add);
            io.mtj.api.telegram.Config first = client.connect();
            assertThat(first.thisDc()).isEqualTo(DC_ID);
            // three calls at once: each goes out on a free connection while the long poll holds one
            List<CompletableFuture<io.mtj.api.telegram.Config>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(client.invoke(new HelpGetConfig()));
            }
            for (CompletableFuture<io.mtj.api.telegram.Config> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).thisDc()).isEqualTo(DC_ID);
            }
            // a server-initiated message can only arrive as the answer to a held http_wait: pushed to this client's
            // session (the DC keeps the sessions of the routes before), it goes to the long poll if one waits, else
            // it is kept for the next one, whichever connections are open at the moment
            ReceivedRequest request = Objects.requireNonNull(
                    Objects.requireNonNull(dc).takeRequest(Duration.ZERO), "the DC received no request");
            while (dc.takeRequest(Duration.ZERO) != null) {
                // the calls' requests: the session id is the same
            }
            UpdatesTooLong update = new UpdatesTooLong();
            assertThat(dc.pushUpdate(request.sessionId(), update))
                    .as("the push accepted for the client's session")
                    .isTrue();
            assertThat(updates.poll(20, TimeUnit.SECONDS)).isEqualTo(update.toByteArray());
        }
        assertThat(front.accepted() - dcBefore).as("HTTP connections to the DC").isPositive();
        if (proxy != null) {
            assertThat(proxy.accepted() - proxyBefore)
                    .as("connections through " + route)
                    .isPositive();
        }
    }
}
