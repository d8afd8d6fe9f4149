package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.Dialer;
import io.mtj.transport.FrameListener;
import io.mtj.transport.Framing;
import io.mtj.transport.TransportOptions;
import io.mtj.transport.mtproxy.FakeTlsClient;
import io.mtj.transport.mtproxy.MtProxyFormatException;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import io.mtj.transport.proxy.ProxyUriException;
import io.mtj.transport.ws.TlsDialer;
import io.mtj.transport.ws.WebSocketLayer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
    private static final RsaKeyPair A = RsaKeyPair.generate2048();
    private static final RsaKeyPair B = RsaKeyPair.generate2048();

    @Test
    void defaultsAreTelegramProductionDc2WithTelegramsKeyIntermediate() {
        ClientConfig c = ClientConfig.builder(1, "h").build();
        assertThat(c.endpoint()).isEqualTo(new io.mtj.transport.Endpoint("149.154.167.51", 443, 2, false, false));
        assertThat(c.endpoint().headerDcId()).isEqualTo(2);
        assertThat(c.serverKeys())
                .extracting(k -> Long.toHexString(k.fingerprint()))
                .containsExactly("d09d1d85de64fd85");
        assertThat(c.framing()).isEqualTo(Framing.INTERMEDIATE);
        assertThat(c.obfuscated()).isFalse();
        assertThat(c.toString()).doesNotContain("h,").contains("keys=1");
    }

    @Test
    void testServersSwitchToTheTestDcsAndTheTestKey() {
        ClientConfig c = ClientConfig.builder(1, "h").testServers().build();
        assertThat(c.endpoint()).isEqualTo(new io.mtj.transport.Endpoint("149.154.167.40", 443, 2, true, false));
        assertThat(c.endpoint().headerDcId()).isEqualTo(10002);
        assertThat(c.serverKeys())
                .extracting(k -> Long.toHexString(k.fingerprint()))
                .containsExactly("b25898df208d2603");
        ClientConfig dc3 = ClientConfig.builder(1, "h").testServers().dc(3).build();
        assertThat(dc3.endpoint().host()).isEqualTo("149.154.175.117");
        ClientConfig prod5 = ClientConfig.builder(1, "h").dc(5).build();
        assertThat(prod5.endpoint().host()).isEqualTo("149.154.171.5");
        assertThat(prod5.endpoint().dcId()).isEqualTo(5);
    }

    @Test
    void givenKeysReplaceTelegramsAndAnUnknownDcIsNamed() {
        ClientConfig own = ClientConfig.builder(1, "h")
                .endpoint(io.mtj.transport.Endpoint.of("127.0.0.1", 4000, 2))
                .serverKeys(List.of(A.publicKey()))
                .build();
        assertThat(own.serverKeys()).containsExactly(A.publicKey());
        assertThatThrownBy(
                        () -> ClientConfig.builder(1, "h").testServers().dc(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Telegram's test servers have no dc 4; known ids are 1..3");
        assertThatThrownBy(() -> ClientConfig.builder(1, "h")
                        .dc(1)
                        .endpoint(io.mtj.transport.Endpoint.of("127.0.0.1", 4000, 2))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dc(1) picks one of Telegram's DCs, but endpoint(127.0.0.1:4000) was given");
    }

    @Test
    void rejectsObfuscatedFull() {
        assertThatThrownBy(() -> ClientConfig.builder(1, "h")
                        .serverKeys(List.of(A.publicKey()))
                        .framing(Framing.FULL)
                        .obfuscated(true)
                        .build())
                .hasMessageContaining("full framing");
        assertThatThrownBy(() -> ClientConfig.builder(1, "h").callTimeout(Duration.ZERO))
                .hasMessageContaining("callTimeout must be positive");
    }

    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";

    private static ClientConfig.Builder base() {
        return ClientConfig.builder(1, "h").serverKeys(List.of(A.publicKey()));
    }

    @Test
    void proxyRoutesTgAndTmeLinksToMtproxyAndKeepsTheUpstreamDialer() {
        ClientConfig tg = base().proxy("socks5://127.0.0.1:1080")
                .proxy("tg://proxy?server=127.0.0.1&port=4443&secret=dd" + KEY_HEX)
                .build();
        MtProxyLink link = tg.mtproxy().orElseThrow();
        assertThat(link.server()).isEqualTo("127.0.0.1");
        assertThat(link.port()).isEqualTo(4443);
        assertThat(link.secret().kind()).isEqualTo(MtProxySecret.Kind.PADDED);
        assertThat(tg.dialer()).isNotSameAs(Dialer.DIRECT);
        assertThat(tg.webSocket()).isFalse();
        assertThat(tg.toString())
                .contains("mtproxy=MtProxyLink[127.0.0.1:4443, ")
                .doesNotContain(KEY_HEX);

        ClientConfig tme = base().proxy("https://t.me/proxy?server=proxy.example&port=443&secret=" + KEY_HEX)
                .build();
        assertThat(tme.mtproxy().orElseThrow().server()).isEqualTo("proxy.example");
        assertThat(tme.mtproxy().orElseThrow().secret().kind()).isEqualTo(MtProxySecret.Kind.PLAIN);
        assertThat(tme.dialer()).isSameAs(Dialer.DIRECT);

        ClientConfig https = base().proxy("https://proxy.example.org:8443").build();
        assertThat(https.mtproxy()).isEmpty();
        assertThat(https.dialer()).isNotSameAs(Dialer.DIRECT);
    }

    @Test
    void badProxyUrisFailNamingThePart() {
        assertThatThrownBy(() -> base().proxy("tg://proxy?server=h&port=443"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> base().proxy("tg://proxy?server=h&port=70000&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessageContaining("port");
        assertThatThrownBy(() -> base().proxy("ftp://h:1")).isInstanceOf(ProxyUriException.class);
    }

    @Test
    void rejectsContradictoryRoutes() {
        MtProxyLink link = MtProxyLink.parse("tg://proxy?server=h&port=443&secret=" + KEY_HEX);
        assertThatThrownBy(() -> base().mtproxy(link).webSocket(false).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mtproxy and webSocket cannot be combined: an MTProxy is reached over TCP, choose one");
        assertThatThrownBy(() -> base().mtproxy(link).framing(Framing.FULL).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mtproxy needs an obfuscated framing (abridged, intermediate or padded), got framing FULL");
        assertThatThrownBy(() -> base().webSocket(true).framing(Framing.FULL).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "webSocket needs an obfuscated framing (abridged, intermediate or padded), got framing FULL");
        assertThatThrownBy(() -> base().sslContext(defaultContext()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sslContext is only used by webSocket(true) (wss), but no webSocket was configured");
        assertThatThrownBy(() ->
                        base().webSocket(false).sslContext(defaultContext()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sslContext is only used by webSocket(true) (wss), but webSocket(false) was configured");
    }

    @Test
    void writeTimeoutIsTenSecondsByDefaultAndReachesTheTransportOnEveryRoute() throws Exception {
        Dialer upstream = (target, timeout) -> new Socket();
        assertThat(base().build().writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(TelegramClient.transportOptions(base().build(), upstream).writeTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        Duration three = Duration.ofSeconds(3);
        assertThat(TelegramClient.transportOptions(base().writeTimeout(three).build(), upstream)
                        .writeTimeout())
                .isEqualTo(three);
        assertThat(TelegramClient.transportOptions(
                                base().writeTimeout(three).webSocket(false).build(), upstream)
                        .writeTimeout())
                .isEqualTo(three);
        assertThat(TelegramClient.transportOptions(
                                base().writeTimeout(three)
                                        .mtproxy(new MtProxyLink(
                                                "proxy.example", 443, MtProxySecret.parse("dd" + KEY_HEX)))
                                        .build(),
                                upstream)
                        .writeTimeout())
                .isEqualTo(three);
        assertThatThrownBy(() -> ClientConfig.builder(1, "h").writeTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("writeTimeout must be positive");
    }

    @Test
    void frameListenerReachesTheTransportOnEveryRoute() throws Exception {
        Dialer upstream = (target, timeout) -> new Socket();
        assertThat(base().build().frameListener()).isSameAs(FrameListener.NONE);
        assertThat(TelegramClient.transportOptions(base().build(), upstream).frameListener())
                .isSameAs(FrameListener.NONE);
        FrameListener listener = (direction, framing, bytes, off, len, quickAck) -> {};
        assertThat(TelegramClient.transportOptions(
                                base().frameListener(listener).build(), upstream)
                        .frameListener())
                .isSameAs(listener);
        assertThat(TelegramClient.transportOptions(
                                base().frameListener(listener).webSocket(false).build(), upstream)
                        .frameListener())
                .isSameAs(listener);
        assertThat(TelegramClient.transportOptions(
                                base().frameListener(listener)
                                        .mtproxy(new MtProxyLink(
                                                "proxy.example", 443, MtProxySecret.parse("dd" + KEY_HEX)))
                                        .build(),
                                upstream)
                        .frameListener())
                .isSameAs(listener);
    }

    @Test
    void transportOptionsFollowTheRoute() throws Exception {
        Dialer upstream = (target, timeout) -> new Socket();
        TransportOptions direct = TelegramClient.transportOptions(base().build(), upstream);
        assertThat(direct.dialer()).isSameAs(upstream);
        assertThat(direct.layers()).isEmpty();
        assertThat(direct.obfuscated()).isFalse();
        assertThat(direct.proxySecret()).isNull();

        String ee = "ee" + KEY_HEX
                + HexFormat.of().formatHex("example.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        TransportOptions fakeTls = TelegramClient.transportOptions(
                base().proxy("tg://proxy?server=127.0.0.1&port=9&secret=" + ee).build(), upstream);
        assertThat(fakeTls.framing()).isEqualTo(Framing.PADDED_INTERMEDIATE);
        assertThat(fakeTls.obfuscated()).isTrue();
        assertThat(fakeTls.proxySecret()).isEqualTo(HexFormat.of().parseHex(KEY_HEX));
        assertThat(fakeTls.layers()).singleElement().isInstanceOf(FakeTlsClient.class);
        List<InetSocketAddress> dialed = new ArrayList<>();
        Dialer recording = (target, timeout) -> {
            dialed.add(target);
            return new Socket();
        };
        TransportOptions plain = TelegramClient.transportOptions(
                base().proxy("tg://proxy?server=127.0.0.1&port=9&secret=" + KEY_HEX)
                        .build(),
                recording);
        assertThat(plain.framing()).isEqualTo(Framing.INTERMEDIATE);
        assertThat(plain.layers()).isEmpty();
        plain.dialer()
                .dial(InetSocketAddress.createUnresolved("149.154.167.50", 443), Duration.ofSeconds(1))
                .close();
        assertThat(dialed)
                .extracting(InetSocketAddress::getHostString, InetSocketAddress::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.1", 9));

        TransportOptions ws =
                TelegramClient.transportOptions(base().webSocket(false).build(), upstream);
        assertThat(ws.obfuscated()).isTrue();
        assertThat(ws.dialer()).isSameAs(upstream);
        assertThat(ws.layers()).singleElement().isInstanceOf(WebSocketLayer.class);

        ClientConfig secure =
                base().webSocket(true).sslContext(defaultContext()).build();
        assertThat(secure.webSocketSecure()).isTrue();
        assertThat(secure.toString()).contains("webSocket=wss");
        TransportOptions wss = TelegramClient.transportOptions(secure, upstream);
        assertThat(wss.dialer()).isInstanceOf(TlsDialer.class);
        assertThat(wss.layers()).singleElement().isInstanceOf(WebSocketLayer.class);
    }

    private static SSLContext defaultContext() throws Exception {
        return SSLContext.getDefault();
    }

    @Test
    void loadsEveryKeyOfAPemFile(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("keys.pem");
        Files.writeString(pem, A.publicKey().toPem() + "\n" + B.publicKey().toPem());
        assertThat(ClientConfig.loadKeys(pem)).containsExactly(A.publicKey(), B.publicKey());
        Files.writeString(pem, "nothing here");
        assertThatThrownBy(() -> ClientConfig.loadKeys(pem)).hasMessageContaining("no RSA public key");
    }

    @Test
    void loadsTheSharedTelegramKeysWhenPresent() throws Exception {
        String shared = System.getProperty("mtj.shared", "../shared");
        Path pem = Path.of(shared, "telegram", "production-rsa.pem");
        if (!Files.exists(pem)) {
            assertThat(System.getenv("CI")).as("CI needs " + pem).isNotEqualTo("true");
            return;
        }
        assertThat(ClientConfig.loadKeys(pem)).isNotEmpty().allSatisfy(k -> assertThat(k.byteLength())
                .isEqualTo(256));
    }
}
