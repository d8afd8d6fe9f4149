package io.mtj.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MtProxySecretTest {
    private static final String KEY_HEX = "0123456789abcdef0123456789abcdef";
    private static final byte[] KEY = HexFormat.of().parseHex(KEY_HEX);

    @Test
    void plainHex() {
        MtProxySecret s = MtProxySecret.parse(KEY_HEX.toUpperCase(java.util.Locale.ROOT));
        assertThat(s.kind()).isEqualTo(MtProxySecret.Kind.PLAIN);
        assertThat(s.key()).isEqualTo(KEY);
        assertThat(s.domain()).isEmpty();
        assertThat(s.toHex()).isEqualTo(KEY_HEX);
    }

    @Test
    void paddedHex() {
        MtProxySecret s = MtProxySecret.parse("dd" + KEY_HEX);
        assertThat(s.kind()).isEqualTo(MtProxySecret.Kind.PADDED);
        assertThat(s.key()).isEqualTo(KEY);
        assertThat(s.encoded()).hasSize(17).startsWith((byte) 0xdd);
    }

    @Test
    void fakeTlsHexBase64AndBase64Url() {
        byte[] raw = HexFormat.of()
                .parseHex("ee" + KEY_HEX + HexFormat.of().formatHex("example.com".getBytes(StandardCharsets.US_ASCII)));
        MtProxySecret fromHex = MtProxySecret.parse(HexFormat.of().formatHex(raw));
        MtProxySecret fromBase64 = MtProxySecret.parse(Base64.getEncoder().encodeToString(raw));
        MtProxySecret fromUrl =
                MtProxySecret.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        assertThat(fromHex.kind()).isEqualTo(MtProxySecret.Kind.FAKE_TLS);
        assertThat(fromHex.domain()).contains("example.com");
        assertThat(fromHex.key()).isEqualTo(KEY);
        assertThat(fromBase64).isEqualTo(fromHex);
        assertThat(fromUrl).isEqualTo(fromHex);
        assertThat(fromHex.encoded()).isEqualTo(raw);
        assertThat(MtProxySecret.parse(fromHex.toBase64Url())).isEqualTo(fromHex);
    }

    @Test
    void base64WithUrlAlphabetCharacters() {
        // 0xfb 0xff ... encodes with '+' / '/' in standard base64 and '-' / '_' in base64url
        byte[] raw = new byte[16];
        java.util.Arrays.fill(raw, (byte) 0xfb);
        raw[1] = (byte) 0xff;
        String std = Base64.getEncoder().encodeToString(raw);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThat(std).containsAnyOf("+", "/");
        assertThat(MtProxySecret.parse(std).key()).isEqualTo(raw);
        assertThat(MtProxySecret.parse(url).key()).isEqualTo(raw);
    }

    @Test
    void toStringNeverShowsTheKey() {
        MtProxySecret s = MtProxySecret.fakeTls(KEY, "example.com");
        assertThat(s.toString())
                .isEqualTo("MtProxySecret[FAKE_TLS, domain=example.com, key=<redacted>]")
                .doesNotContain(KEY_HEX)
                .doesNotContain(Base64.getEncoder().encodeToString(KEY));
        assertThat(MtProxySecret.plain(KEY).toString()).isEqualTo("MtProxySecret[PLAIN, key=<redacted>]");
    }

    @Test
    void keyAccessorReturnsACopy() {
        MtProxySecret s = MtProxySecret.plain(KEY);
        s.key()[0] ^= 1;
        assertThat(s.key()).isEqualTo(KEY);
    }

    @Test
    void tooShort() {
        assertThatThrownBy(() -> MtProxySecret.parse("0123456789abcdef"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: too short: expected at least 16 bytes, got 8")
                .extracting(e -> ((MtProxyFormatException) e).part())
                .isEqualTo("secret");
    }

    @Test
    void unknownPrefix() {
        assertThatThrownBy(() -> MtProxySecret.parse("7f" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessageStartingWith("MTProxy secret: unknown prefix byte 0x7f in a 17-byte secret")
                .hasMessageNotContaining(KEY_HEX);
    }

    @Test
    void paddedWithWrongLength() {
        assertThatThrownBy(() -> MtProxySecret.parse("dd" + KEY_HEX + "00"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: prefix 0xdd must be followed by exactly 16 bytes, got 17");
    }

    @Test
    void fakeTlsWithoutDomain() {
        assertThatThrownBy(() -> MtProxySecret.parse("ee" + KEY_HEX))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: prefix 0xee must be followed by 16 bytes and a domain, got 16 bytes");
        assertThatThrownBy(() -> MtProxySecret.fakeTls(KEY, ""))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: fake-TLS domain must be 1..253 bytes, got 0");
    }

    @Test
    void fakeTlsDomainWithControlByte() {
        String hex = "ee" + KEY_HEX + "61" + "0a" + "62";
        assertThatThrownBy(() -> MtProxySecret.parse(hex))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: fake-TLS domain has a non-printable or non-ASCII byte 0x0a at index 1");
    }

    @Test
    void notHexNorBase64() {
        assertThatThrownBy(() -> MtProxySecret.parse("0123456789abcdef0123456789abcde!"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: not hex or base64: unexpected character at index 31 of 32");
        assertThatThrownBy(() -> MtProxySecret.parse("A"))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: not hex or base64: malformed base64 of 1 characters");
        assertThatThrownBy(() -> MtProxySecret.parse(" "))
                .isInstanceOf(MtProxyFormatException.class)
                .hasMessage("MTProxy secret: is empty");
    }
}
