package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.transport.Framing;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.proxy.ProxyUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectOptionsTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    private static ConnectOptions parse(String... args) throws UsageException {
        return ConnectOptions.parse(List.of(args));
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    private Path keyFile() throws IOException {
        return Files.writeString(dir.resolve("server.pem"), "-----BEGIN RSA PUBLIC KEY-----\n");
    }

    @Test
    void noArgumentsMeansEmbeddedTestDcWithDefaults() throws UsageException {
        ConnectOptions o = parse();
        assertThat(o.dc()).isNull();
        assertThat(o.dcId()).isEqualTo(2);
        assertThat(o.rsaKey()).isNull();
        assertThat(o.transport()).isEqualTo(TransportChoice.INTERMEDIATE);
        assertThat(o.proxy()).isNull();
        assertThat(o.mtProxy()).isNull();
        assertThat(o.embeddedMtProxy()).isFalse();
        assertThat(o.apiId()).isEqualTo(1);
        assertThat(o.apiHash()).isEqualTo("00000000000000000000000000000000");
        assertThat(o.session()).isNull();
        assertThat(o.trace()).isFalse();
        assertThat(o.verbose()).isFalse();
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyOptionIsRead() throws Exception {
        Path key = keyFile();
        ConnectOptions o = parse(
                "--dc",
                "127.0.0.1:4430",
                "--dc-id=4",
                "--rsa-key",
                key.toString(),
                "--transport",
                "obfuscated-padded",
                "--proxy",
                "socks5://user:pw@127.0.0.1:1080",
                "--api-id",
                "12345",
                "--api-hash",
                "0123456789ABCDEF0123456789abcdef",
                "--session",
                dir.resolve("s.session").toString(),
                "--trace",
                "--verbose",
                "--timeout",
                "1500ms");
        assertThat(o.dc()).isEqualTo(new DcAddress("127.0.0.1", 4430));
        assertThat(o.dcId()).isEqualTo(4);
        assertThat(o.rsaKey()).isEqualTo(key);
        assertThat(o.transport().framing()).isEqualTo(Framing.PADDED_INTERMEDIATE);
        assertThat(o.transport().obfuscated()).isTrue();
        assertThat(o.proxy()).isEqualTo(ProxyUri.parse("socks5://user:pw@127.0.0.1:1080"));
        assertThat(o.proxy())
                .extracting(ProxyUri::scheme, ProxyUri::port)
                .containsExactly(ProxyUri.Scheme.SOCKS5, 1080);
        assertThat(o.apiId()).isEqualTo(12345);
        assertThat(o.apiHash()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(o.session()).isEqualTo(dir.resolve("s.session"));
        assertThat(o.trace()).isTrue();
        assertThat(o.verbose()).isTrue();
        assertThat(o.timeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void telegramAndKnownAddresses() throws Exception {
        ConnectOptions t = parse("--telegram");
        assertThat(t.telegram()).isTrue();
        assertThat(t.testServers()).isFalse();
        assertThat(t.dc()).isNull();
        assertThat(t.dcId()).isEqualTo(2);
        ConnectOptions test = parse("--telegram", "--test-servers", "--dc-id", "1");
        assertThat(test.testServers()).isTrue();
        assertThat(test.dcId()).isEqualTo(1);
        ConnectOptions known = parse("--dc", "149.154.175.117:443");
        assertThat(known.telegram()).isTrue();
        assertThat(known.testServers()).isTrue();
        assertThat(known.dcId()).isEqualTo(3);
        assertThat(known.rsaKey()).isNull();
        ConnectOptions v6 = parse("--dc", "[2001:b28:f23f:f005::a]:443", "--dc-id", "5");
        assertThat(v6.dcId()).isEqualTo(5);
        assertThat(v6.testServers()).isFalse();
        assertUsage(
                "mtj connect: --dc 149.154.175.100:443 is Telegram's production dc 3, but --dc-id 2 was given",
                "--dc",
                "149.154.175.100:443",
                "--dc-id",
                "2");
        assertUsage(
                "mtj connect: --test-servers chooses Telegram's test DCs, so it needs --telegram", "--test-servers");
        assertUsage(
                "mtj connect: --dc-id 4 is not one of Telegram's test DCs (1..3)",
                "--telegram",
                "--test-servers",
                "--dc-id",
                "4");
        assertUsage(
                "mtj connect: --dc 127.0.0.1:443 needs --rsa-key FILE (the server's RSA public key, PEM); only"
                        + " Telegram's listed addresses come with a known key",
                "--dc",
                "127.0.0.1:443");
    }

    @Test
    void ipv6DcInBrackets() throws Exception {
        ConnectOptions o = parse("--dc", "[::1]:443", "--rsa-key", keyFile().toString());
        assertThat(o.dc()).isEqualTo(new DcAddress("::1", 443));
        assertThat(o.dc()).hasToString("[::1]:443");
    }

    @Test
    void everyTransportName() throws Exception {
        for (TransportChoice c : TransportChoice.values()) {
            ConnectOptions o = c.secure()
                    ? parse(
                            "--transport",
                            c.text(),
                            "--dc",
                            "127.0.0.1:443",
                            "--rsa-key",
                            keyFile().toString())
                    : parse("--transport", c.text());
            assertThat(o.transport()).isEqualTo(c);
        }
        assertThat(TransportChoice.allNames())
                .isEqualTo("intermediate|abridged|padded|full|obfuscated|obfuscated-abridged|obfuscated-padded"
                        + "|websocket|websocket-secure|http");
        assertThat(TransportChoice.WEBSOCKET.webSocket()).isTrue();
        assertThat(TransportChoice.WEBSOCKET.secure()).isFalse();
        assertThat(TransportChoice.WEBSOCKET.obfuscated()).isTrue();
        assertThat(TransportChoice.WEBSOCKET_SECURE.webSocket()).isTrue();
        assertThat(TransportChoice.WEBSOCKET_SECURE.secure()).isTrue();
        assertThat(TransportChoice.OBFUSCATED.webSocket()).isFalse();
    }

    @Test
    void mtProxyLink() throws Exception {
        ConnectOptions o = parse(
                "--dc",
                "127.0.0.1:443",
                "--rsa-key",
                keyFile().toString(),
                "--proxy",
                "tg://proxy?server=127.0.0.1&port=4431&secret=dd00112233445566778899aabbccddeeff");
        assertThat(o.proxy()).isNull();
        assertThat(o.embeddedMtProxy()).isFalse();
        assertThat(o.mtProxy())
                .extracting(MtProxyLink::server, MtProxyLink::port)
                .containsExactly("127.0.0.1", 4431);
        ConnectOptions tme = parse(
                "--dc",
                "127.0.0.1:443",
                "--rsa-key",
                keyFile().toString(),
                "--proxy",
                "https://t.me/proxy?server=proxy.example&port=8443&secret=00112233445566778899aabbccddeeff");
        assertThat(tme.mtProxy())
                .extracting(MtProxyLink::server, MtProxyLink::port)
                .containsExactly("proxy.example", 8443);
    }

    @Test
    void embeddedMtProxyFlag() throws UsageException {
        ConnectOptions o = parse("--mtproxy");
        assertThat(o.embeddedMtProxy()).isTrue();
        assertThat(o.mtProxy()).isNull();
        assertThat(o.dc()).isNull();
        ConnectOptions viaSocks = parse("--mtproxy", "--proxy", "socks5://127.0.0.1:1080");
        assertThat(viaSocks.embeddedMtProxy()).isTrue();
        assertThat(viaSocks.proxy()).isEqualTo(ProxyUri.parse("socks5://127.0.0.1:1080"));
    }

    @Test
    void contradictoryRoutesAreUsageErrors() throws Exception {
        String link = "tg://proxy?server=127.0.0.1&port=4431&secret=00112233445566778899aabbccddeeff";
        String key = keyFile().toString();
        assertUsage(
                "mtj connect: --transport websocket and --mtproxy cannot be combined: an MTProxy is reached over TCP,"
                        + " choose one",
                "--mtproxy",
                "--transport",
                "websocket");
        assertUsage(
                "mtj connect: --transport websocket-secure and an MTProxy --proxy link cannot be combined: an MTProxy is"
                        + " reached over TCP, choose one",
                "--dc",
                "127.0.0.1:443",
                "--rsa-key",
                key,
                "--transport",
                "websocket-secure",
                "--proxy",
                link);
        assertUsage(
                "mtj connect: --mtproxy (an MTProxy on the embedded test DC) and an MTProxy --proxy link cannot be"
                        + " combined, choose one",
                "--dc",
                "127.0.0.1:443",
                "--rsa-key",
                key,
                "--mtproxy",
                "--proxy",
                link);
        assertUsage(
                "mtj connect: --mtproxy starts an MTProxy on the embedded test DC, so it cannot be used with --dc; for a"
                        + " real DC give --proxy tg://proxy?server=..&port=..&secret=..",
                "--dc",
                "127.0.0.1:443",
                "--rsa-key",
                key,
                "--mtproxy");
        assertUsage(
                "mtj connect: an MTProxy --proxy link needs --telegram or --dc and --rsa-key (an MTProxy forwards to"
                        + " the DC by its id); --mtproxy tries an MTProxy on the embedded test DC",
                "--proxy",
                link);
        assertUsage(
                "mtj connect: --transport websocket-secure needs --dc and --rsa-key (the embedded test DC serves plain"
                        + " WebSocket only; use --transport websocket)",
                "--transport",
                "websocket-secure");
        assertUsage(
                "mtj connect: --transport full cannot go through an MTProxy (MTProxy needs an obfuscated framing)",
                "--transport",
                "full",
                "--mtproxy");
        assertUsage("mtj connect: --mtproxy takes no value, got '--mtproxy=yes'", "--mtproxy=yes");
    }

    @Test
    void badValuesGiveExactMessages() throws Exception {
        assertUsage(
                "mtj connect: --dc expects host:port, like 127.0.0.1:443 or [::1]:443, got '127.0.0.1'",
                "--dc",
                "127.0.0.1");
        assertUsage("mtj connect: --dc expects host:port with a port 1..65535, got 'h:70000'", "--dc", "h:70000");
        assertUsage(
                "mtj connect: --dc expects host:port with the IPv6 address in brackets, like [::1]:443, got '[::1]443'",
                "--dc",
                "[::1]443");
        assertUsage("mtj connect: --dc-id expects an integer 1..9999, got '0'", "--dc-id", "0");
        assertUsage("mtj connect: --dc-id expects an integer 1..9999, got 'two'", "--dc-id", "two");
        assertUsage(
                "mtj connect: --rsa-key expects a readable PEM file, got '" + dir.resolve("none.pem") + "'",
                "--rsa-key",
                dir.resolve("none.pem").toString());
        assertUsage(
                "mtj connect: --transport expects one of "
                        + "intermediate|abridged|padded|full|obfuscated|obfuscated-abridged|obfuscated-padded"
                        + "|websocket|websocket-secure|http, got 'udp'",
                "--transport",
                "udp");
        assertUsage("mtj connect: --api-id expects an integer 1..2147483647, got '-5'", "--api-id=-5");
        assertUsage("mtj connect: --api-hash expects 32 hexadecimal digits, got 'abc'", "--api-hash", "abc");
        assertUsage("mtj connect: --timeout expects a duration like 500ms, 10s or 2m, got '10h'", "--timeout", "10h");
        assertUsage(
                "mtj connect: --timeout expects a duration above zero and at most 1 hour (like 10s), got '0s'",
                "--timeout",
                "0s");
        assertThatThrownBy(() -> parse("--proxy", "ftp://127.0.0.1:21"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(
                        "mtj connect: --proxy expects socks5://, socks5h://, http:// or https:// proxy URI, or a tg://proxy link (")
                .hasMessageEndingWith("), got 'ftp://127.0.0.1:21'");
        assertThatThrownBy(() -> parse("--proxy", "tg://proxy?server=127.0.0.1&port=1"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(
                        "mtj connect: --proxy expects an MTProxy link tg://proxy?server=H&port=P&secret=S (");
    }

    @Test
    void malformedCommandLines() throws Exception {
        assertUsage("mtj connect: unknown option --port (see mtj connect --help)", "--port", "1");
        assertUsage("mtj connect: --dc needs a value", "--dc");
        assertUsage("mtj connect: --dc needs a value", "--dc", "--trace");
        assertUsage("mtj connect: --dc needs a value, got an empty one", "--dc=");
        assertUsage("mtj connect: --trace takes no value, got '--trace=yes'", "--trace=yes");
        assertUsage("mtj connect: unexpected argument 'extra' (options start with --)", "extra");
        assertUsage(
                "mtj connect: --rsa-key is only for --dc or --telegram; the embedded test DC brings its own key",
                "--rsa-key",
                keyFile().toString());
        assertUsage(
                "mtj connect: --transport full cannot go through an MTProxy (MTProxy needs an obfuscated framing)",
                "--transport",
                "full",
                "--proxy",
                "tg://proxy?server=127.0.0.1&port=4431&secret=00112233445566778899aabbccddeeff");
    }
}
