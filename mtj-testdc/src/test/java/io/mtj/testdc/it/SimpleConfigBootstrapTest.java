package io.mtj.testdc.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mtj.api.mtproto.AccessPointRule;
import io.mtj.api.mtproto.HelpConfigSimple;
import io.mtj.api.mtproto.IpPort;
import io.mtj.api.mtproto.IpPortSecret;
import io.mtj.core.bootstrap.ConfigSource;
import io.mtj.core.bootstrap.DnsOverHttpsSource;
import io.mtj.core.bootstrap.SimpleConfigBootstrap;
import io.mtj.core.bootstrap.SimpleConfigCodec;
import io.mtj.core.bootstrap.SimpleConfigException;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.testkit.SelfSignedCert;
import io.mtj.transport.FramedTransport;
import io.mtj.transport.Scheduler;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.dial.Cooldown;
import io.mtj.transport.dial.DcAddress;
import io.mtj.transport.dial.DialAttempt;
import io.mtj.transport.dial.DialFailedException;
import io.mtj.transport.dial.DialRace;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simple-config bootstrap end to end on loopback: every known address of DC 2 refuses, so the client asks a
 * DNS-over-HTTPS stub (HTTPS with a self-signed certificate on 127.0.0.1, never a real resolver) for the TXT record,
 * decodes and verifies the config (signed here with a test key, since only Telegram holds theirs) and races the
 * address it gives, the test DC's.
 */
class SimpleConfigBootstrapTest {
    private static final int DC_ID = 2;
    private static final Instant NOW = Instant.parse("2026-12-06T07:00:00Z");

    @TempDir
    static @Nullable Path dir;

    private static @Nullable TestDc dc;
    private static @Nullable HttpsServer stub;
    private static @Nullable SSLContext clientTls;
    private static @Nullable RsaKeyPair signer;
    private static final List<String> requests = new CopyOnWriteArrayList<>();
    private static volatile String txt = "";

    @BeforeAll
    static void start() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(344);
        RsaKeyPair rsa = RsaKeyPair.generate2048(seeded);
        signer = RsaKeyPair.generate2048(seeded);
        dc = TestDc.builder().dcId(DC_ID).rsaKey(rsa).build();
        SelfSignedCert cert = SelfSignedCert.generate(Objects.requireNonNull(dir));
        clientTls = cert.clientContext();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        server.createContext("/resolve", exchange -> {
            requests.add(exchange.getRequestURI() + " Accept="
                    + exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = dohAnswer(txt).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dns-json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        stub = server;
    }

    @AfterAll
    static void stop() {
        if (stub != null) {
            stub.stop(0);
        }
        if (dc != null) {
            dc.close();
        }
    }

    /** A Google-style JSON answer: the TXT record in two quoted parts, the shorter one first. */
    static String dohAnswer(String text) {
        String longer = text.substring(0, 200);
        String shorter = text.substring(200);
        return "{\"Status\":0,\"TC\":false,\"Question\":[{\"name\":\"apv3.stel.com.\",\"type\":16}],\"Answer\":["
                + "{\"name\":\"apv3.stel.com.\",\"type\":16,\"TTL\":300,\"data\":\"\\\"" + shorter + "\\\"\"},"
                + "{\"name\":\"apv3.stel.com.\",\"type\":16,\"TTL\":300,\"data\":\"\\\"" + longer + "\\\"\"}]}";
    }

    private static int ipv4(String dotted) {
        int v = 0;
        for (String part : dotted.split("\\.")) {
            v = v << 8 | Integer.parseInt(part);
        }
        return v;
    }

    private static String config(int expires, int port) {
        HelpConfigSimple config = new HelpConfigSimple(
                (int) NOW.getEpochSecond() - 60,
                expires,
                List.of(
                        new AccessPointRule(new byte[0], 4, List.of(new IpPort(ipv4("127.0.0.4"), 443))),
                        new AccessPointRule(
                                new byte[0],
                                DC_ID,
                                List.of(
                                        new IpPortSecret(ipv4("127.0.0.9"), 443, new byte[16]),
                                        new IpPort(ipv4("127.0.0.1"), port)))));
        return SimpleConfigCodec.encode(config, Objects.requireNonNull(signer).privateKey(), new Random(7));
    }

    private static DnsOverHttpsSource source(String path) {
        URI uri = URI.create(
                "https://127.0.0.1:" + Objects.requireNonNull(stub).getAddress().getPort() + path);
        return new DnsOverHttpsSource(
                uri, DnsOverHttpsSource.PRODUCTION_DOMAIN, Duration.ofSeconds(10), Objects.requireNonNull(clientTls));
    }

    private static DcAddress refusing() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return DcAddress.of(DC_ID, "127.0.0.1", s.getLocalPort());
        }
    }

    private static DialRace race() {
        return new DialRace(Scheduler.shared(), Duration.ofMillis(250), Cooldown.standard(), DialRace.Listener.NONE);
    }

    /** Plain intermediate, or obfuscated with the address's secret when it has one. */
    private static DialAttempt<FramedTransport> plain() {
        return DialAttempt.transports(a -> a.secret() == null
                ? TransportOptions.defaults()
                : TransportOptions.builder()
                        .proxySecret(java.util.HexFormat.of().parseHex(a.secret()))
                        .build());
    }

    @Test
    void whenEveryKnownAddressFailsTheSimpleConfigFromDnsOverHttpsGivesTheDc() throws Exception {
        txt = config(
                (int) NOW.getEpochSecond() + 3600, Objects.requireNonNull(dc).port());
        List<DcAddress> known = List.of(refusing(), refusing());
        SimpleConfigBootstrap bootstrap = new SimpleConfigBootstrap(
                List.<ConfigSource>of(source("/broken"), source("/resolve")),
                Objects.requireNonNull(signer).publicKey(),
                InstantSource.fixed(NOW));
        requests.clear();
        DialRace.Won<FramedTransport> won =
                bootstrap.dial(race(), known, DC_ID, false, plain(), Duration.ofSeconds(10));
        try {
            assertThat(won.address()).isEqualTo(DcAddress.of(DC_ID, "127.0.0.1", dc.port()));
            // the second race: the ipPortSecret address (nothing listens on 127.0.0.9:443), then the DC
            assertThat(won.failures())
                    .singleElement()
                    .satisfies(f -> assertThat(f.address().key()).isEqualTo("127.0.0.9:443"));
        } finally {
            won.handle().close();
        }
        assertThat(requests).containsExactly("/resolve?name=apv3.stel.com&type=TXT Accept=application/dns-json");
    }

    @Test
    void anExpiredOrForeignConfigIsRefusedAndTheDialFailureKeepsWhy() throws Exception {
        List<DcAddress> known = List.of(refusing());
        txt = config((int) NOW.getEpochSecond() - 1, Objects.requireNonNull(dc).port());
        SimpleConfigBootstrap expired = new SimpleConfigBootstrap(
                List.of(source("/resolve")), Objects.requireNonNull(signer).publicKey(), InstantSource.fixed(NOW));
        assertThatThrownBy(() -> expired.dial(race(), known, DC_ID, false, plain(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DialFailedException.class, e -> assertThat(Arrays.asList(e.getSuppressed()))
                        .anySatisfy(s -> assertThat(s)
                                .isInstanceOfSatisfying(SimpleConfigException.class, c -> assertThat(c.reason())
                                        .isEqualTo(SimpleConfigException.Reason.EXPIRED))
                                .hasMessageContaining("expired at 2026-12-06T06:59:59Z, 1 s before")));
        txt = config((int) NOW.getEpochSecond() + 3600, dc.port());
        SimpleConfigBootstrap telegramKey = new SimpleConfigBootstrap(
                List.of(source("/resolve")), SimpleConfigCodec.TELEGRAM_KEY, InstantSource.fixed(NOW));
        assertThatThrownBy(telegramKey::fetch)
                .isInstanceOfSatisfying(SimpleConfigException.class, e -> assertThat(e.reason())
                        .isIn(SimpleConfigException.Reason.HASH, SimpleConfigException.Reason.RSA));
    }
}
