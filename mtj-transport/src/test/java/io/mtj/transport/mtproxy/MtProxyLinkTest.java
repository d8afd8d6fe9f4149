package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MtProxyLinkTest {
    private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
    private static final String DOMAIN = "www.google.com";
    /** ee + key + domain in hex, the form MTProxy / mtg print in their links. */
    private static final String EE_HEX =
            "ee" + KEY_HEX + HexFormat.of().formatHex(DOMAIN.getBytes(StandardCharsets.US_ASCII));

    @Test
    void tgLinkWithFakeTlsSecret() {
        MtProxyLink link = MtProxyLink.parse("tg://proxy?server=proxy.example.org&port=443&secret=" + EE_HEX);
        assertThat(link.server()).isEqualTo("proxy.example.org");
        assertThat(link.port()).isEqualTo(443);
        assertThat(link.secret().kind()).isEqualTo(MtProxySecret.Kind.FAKE_TLS);
        assertThat(link.secret().domain()).contains(DOMAIN);
        assertThat(link.secret().key()).isEqualTo(HexFormat.of().parseHex(KEY_HEX));
    }

    @Test
    void httpsLinkWithBase64UrlSecretAndParametersInAnyOrder() {
        byte[] raw = HexFormat.of().parseHex(EE_HEX);
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        MtProxyLink link = MtProxyLink.parse("https://t.me/proxy?secret=" + b64 + "&port=8443&server=1.2.3.4");
        assertThat(link).isEqualTo(new MtProxyLink("1.2.3.4", 8443, MtProxySecret.parse(EE_HEX)));
    }

    @Test
    void base64SecretWithPlusAndPercentEscapedSlashAndPadding() {
        byte[] raw = new byte[16];
        java.util.Arrays.fill(raw, (byte) 0xfb);
        raw[1] = (byte) 0xff;
        String std = Base64.getEncoder().encodeToString(raw); // contains '+', '/' and '=='
        String escaped = std.replace("/", "%2F").replace("=", "%3D");
        MtProxyLink link = MtProxyLink.parse("tg://proxy?server=h&port=1&secret=" + escaped);
        assertThat(link.secret().key()).isEqualTo(raw);
    }

    @Test
    void roundTripThroughBothForms() {
        MtProxyLink link = new MtProxyLink("mt.example", 443, MtProxySecret.parse("dd" + KEY_HEX));
        assertThat(link.toTgUri()).isEqualTo("tg://proxy?server=mt.example&port=443&secret=dd" + KEY_HEX);
        assertThat(link.toHttpsUri()).isEqualTo("https://t.me/proxy?server=mt.example&port=443&secret=dd" + KEY_HEX);
        assertThat(MtProxyLink.parse(link.toTgUri())).isEqualTo(link);
        assertThat(MtProxyLink.parse(link.toHttpsUri())).isEqualTo(link);
    }

    @Test
    void toStringHidesTheKey() {
        MtProxyLink link = MtProxyLink.parse("tg://proxy?server=h&port=443&secret=" + EE_HEX);
        assertThat(link.toString())
                .isEqualTo("MtProxyLink[h:443, MtProxySecret[FAKE_TLS, domain=www.google.com, key=<redacted>]]")
                .doesNotContain(KEY_HEX);
    }

    @Test
    void missingServer() {
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?port=443&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy server: missing (no server= parameter)");
    }

    @Test
    void badPorts() {
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?server=h&port=http&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy port: expected a number 1..65535, got 'http'");
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?server=h&port=70000&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy port: expected 1..65535, got 70000");
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?server=h&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy port: missing (no port= parameter)");
    }

    @Test
    void missingOrBadSecretNeverEchoesIt() {
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?server=h&port=1"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: missing (no secret= parameter)");
        assertThatThrownBy(() -> MtProxyLink.parse("tg://proxy?server=h&port=1&secret=ab" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessageStartingWith("MTProxy secret: unknown prefix byte 0xab")
                .hasMessageNotContaining(KEY_HEX);
    }

    @Test
    void wrongSchemeHostOrTarget() {
        assertThatThrownBy(() -> MtProxyLink.parse("ftp://t.me/proxy?server=h&port=1&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy link: expected scheme tg, https or http, got 'ftp'");
        assertThatThrownBy(() -> MtProxyLink.parse("https://example.com/proxy?server=h&port=1&secret=" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy link: expected host t.me or telegram.me, got example.com");
        assertThatThrownBy(() -> MtProxyLink.parse("tg://socks?server=h&port=1"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy link: expected tg://proxy, got tg://socks");
        assertThatThrownBy(() -> MtProxyLink.parse("https://t.me/socks?server=h&port=1"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy link: expected path /proxy, got /socks");
    }
}
