package io.mtj.core.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.api.mtproto.AccessPointRule;
import io.mtj.api.mtproto.HelpConfigSimple;
import io.mtj.api.mtproto.IpPort;
import io.mtj.api.mtproto.IpPortSecret;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.dial.DcAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimpleConfigCodecTest {
    /** tdlib's TEST(Mtproto, encrypted_config) blob (test/mtproto.cpp), with its stray whitespace and control bytes. */
    static final String TDLIB_VECTOR =
            "   hO//tt \b\n\tiwPVovorKtIYtQ8y2ik7CqfJiJ4pJOCLRa4fBmNPixuRPXnBFF/3mTAAZoSyHq4SNylGHz0Cv1/"
                    + "FnWWdEV+BPJeOTk+ARHcNkuJBt0CqnfcVCoDOpKqGyq0U31s2MOpQvHgAG+Tlpg02syuH0E4dCGRw5CbJPARiynteb9y5fT5x/"
                    + "kmdp6BMR5tWQSQF0liH16zLh8BDSIdiMsikdcwnAvBwdNhRqQBqGx9MTh62MDmlebjtczE9Gz0z5cscUO2yhzGdphgIy6SP+"
                    + "bwaqLWYF0XdPGjKLMUEJW+rou6fbL1t/EUXPtU0XmQAnO0Fh86h+AqDMOe30N4qKrPQ==   ";

    static RsaKeyPair signer;

    @BeforeAll
    static void key() throws Exception {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(208);
        signer = RsaKeyPair.generate2048(seeded);
    }

    /**
     * The vector decodes and verifies under Telegram's key: valid 2018-04-27T22:44:49Z to 2018-05-27T22:44:49Z, one
     * rule for DC 2, one address with a secret, 138.68.157.255:5222.
     */
    @Test
    void tdlibsVectorDecodesUnderTelegramsKey() throws Exception {
        HelpConfigSimple config = SimpleConfigCodec.decode(TDLIB_VECTOR, SimpleConfigCodec.TELEGRAM_KEY);
        assertThat(config.date()).isEqualTo(1524869089);
        assertThat(config.expires()).isEqualTo(1527461089);
        assertThat(config.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.dcId()).isEqualTo(2);
            assertThat(rule.phonePrefixRules()).isEmpty();
            assertThat(rule.ips()).singleElement().isInstanceOfSatisfying(IpPortSecret.class, ip -> {
                assertThat(SimpleConfigBootstrap.ipv4(ip.ipv4())).isEqualTo("138.68.157.255");
                assertThat(ip.port()).isEqualTo(5222);
                assertThat(HexFormat.of().formatHex(ip.secret())).isEqualTo("ad280a6401a8bbb41733d3c3c3773c36");
            });
        });
        assertThat(SimpleConfigBootstrap.addresses(config, 2, false))
                .containsExactly(new DcAddress(
                        2, "138.68.157.255", 5222, false, false, false, true, "ad280a6401a8bbb41733d3c3c3773c36"));
        assertThat(SimpleConfigBootstrap.addresses(config, 4, false)).isEmpty();
    }

    @Test
    void encodeThenDecodeGivesTheConfigBack() throws Exception {
        HelpConfigSimple config = new HelpConfigSimple(
                1_790_000_000,
                1_790_086_400,
                List.of(
                        new AccessPointRule("+7".getBytes(), 1, List.of(new IpPort(0x7f000001, 443))),
                        new AccessPointRule(new byte[0], 2, List.of(new IpPort(0x7f000002, 80)))));
        String text = SimpleConfigCodec.encode(config, signer.privateKey(), new Random(3));
        assertThat(text).hasSize(344);
        HelpConfigSimple back =
                SimpleConfigCodec.decode(" " + text.substring(0, 100) + "\n" + text.substring(100), signer.publicKey());
        assertThat(back.date()).isEqualTo(config.date());
        assertThat(back.expires()).isEqualTo(config.expires());
        assertThat(SimpleConfigBootstrap.addresses(back, 2, false)).containsExactly(DcAddress.of(2, "127.0.0.2", 80));
        assertThat(SimpleConfigBootstrap.addresses(back, 1, false)).containsExactly(DcAddress.of(1, "127.0.0.1", 443));
    }

    @Test
    void everyDamageIsRefusedWithTheStepThatFailed() {
        assertThatThrownBy(() -> SimpleConfigCodec.decode("abc", SimpleConfigCodec.TELEGRAM_KEY))
                .isInstanceOfSatisfying(SimpleConfigException.class, e -> assertThat(e.reason())
                        .isEqualTo(SimpleConfigException.Reason.LENGTH))
                .hasMessage("simple config: expected 344..1024 characters, got 3");
        String padded = TDLIB_VECTOR.replace("==", "=?=") + "********";
        assertThatThrownBy(
                        () -> SimpleConfigCodec.decode(padded.replace("hO//", "hO/"), SimpleConfigCodec.TELEGRAM_KEY))
                .hasMessage("simple config: expected 344 base64 characters, got 343");
        // one changed character: the RSA block decrypts to noise and the hash check catches it
        String flipped = TDLIB_VECTOR.replace("iwPV", "iwPW");
        assertThatThrownBy(() -> SimpleConfigCodec.decode(flipped, SimpleConfigCodec.TELEGRAM_KEY))
                .isInstanceOfSatisfying(SimpleConfigException.class, e -> assertThat(e.reason())
                        .isIn(SimpleConfigException.Reason.HASH, SimpleConfigException.Reason.RSA));
        // the right blob under another key
        assertThatThrownBy(() -> SimpleConfigCodec.decode(TDLIB_VECTOR, signer.publicKey()))
                .isInstanceOfSatisfying(SimpleConfigException.class, e -> assertThat(e.reason())
                        .isIn(SimpleConfigException.Reason.HASH, SimpleConfigException.Reason.RSA));
        byte[] all = new byte[256];
        all[0] = (byte) 0xff; // above the modulus
        assertThatThrownBy(() -> SimpleConfigCodec.decode(Base64.getEncoder().encodeToString(all), signer.publicKey()))
                .isInstanceOfSatisfying(SimpleConfigException.class, e -> assertThat(e.reason())
                        .isEqualTo(SimpleConfigException.Reason.RSA));
    }

    @Test
    void dnsOverHttpsJsonGivesTheAnswerData() throws Exception {
        String json = "{\"Status\": 0, \"Answer\": [ {\"name\":\"apv3.stel.com.\",\"type\":16,\"TTL\":300,"
                + "\"data\":\"\\\"abc\\u0041\\\"\"}, {\"data\": \"de\\/f\", \"x\": [1, true, null, {}]} ]}";
        assertThat(DohJson.answerData(json)).containsExactly("\"abcA\"", "de/f");
        assertThatThrownBy(() -> DohJson.answerData("{\"Status\":3}"))
                .isInstanceOf(SimpleConfigException.class)
                .hasMessage("DNS-over-HTTPS answer has no \"Answer\" array (no TXT record)");
        assertThatThrownBy(() -> DohJson.answerData("{\"Answer\":[{\"data\":\"x"))
                .hasMessage("DNS-over-HTTPS answer is not valid JSON at offset 21: unterminated string");
        assertThatThrownBy(() -> DohJson.answerData("[".repeat(40)))
                .hasMessage("DNS-over-HTTPS answer is not valid JSON at offset 17: nesting deeper than 16");
    }
}
