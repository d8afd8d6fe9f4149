package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TelegramServersTest {
    @Test
    void embeddedKeysHaveTelegramsFingerprints() {
        assertThat(TelegramServers.PRODUCTION_KEY.fingerprint()).isEqualTo(0xd09d1d85de64fd85L);
        assertThat(TelegramServers.TEST_KEY.fingerprint()).isEqualTo(0xb25898df208d2603L);
        assertThat(TelegramServers.PRODUCTION_KEY.byteLength()).isEqualTo(256);
    }

    /** The constants equal the PEM files Telegram publishes (read from ../shared when this workspace has them). */
    @Test
    void embeddedKeysEqualThePublishedPemFiles() throws IOException {
        Path dir = Path.of(System.getProperty("mtj.shared", "../../shared"), "telegram");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isDirectory(dir) || "true".equals(System.getenv("CI")), "no " + dir);
        assertThat(RsaPublicKey.fromPem(Files.readString(dir.resolve("production-rsa.pem"))))
                .isEqualTo(TelegramServers.PRODUCTION_KEY);
        assertThat(RsaPublicKey.fromPem(Files.readString(dir.resolve("test-rsa.pem"))))
                .isEqualTo(TelegramServers.TEST_KEY);
    }

    @Test
    void everyListedDcHasItsIdInOrderOnPort443() {
        assertThat(TelegramServers.PRODUCTION_IPV4).extracting(Endpoint::dcId).containsExactly(1, 2, 3, 4, 5);
        assertThat(TelegramServers.PRODUCTION_IPV6).extracting(Endpoint::dcId).containsExactly(1, 2, 3, 4, 5);
        assertThat(TelegramServers.TEST_IPV4).extracting(Endpoint::dcId).containsExactly(1, 2, 3);
        assertThat(TelegramServers.TEST_IPV6).extracting(Endpoint::dcId).containsExactly(1, 2, 3);
        assertThat(TelegramServers.TEST_IPV4).allMatch(Endpoint::test);
        assertThat(TelegramServers.PRODUCTION_IPV6).noneMatch(Endpoint::test);
        assertThat(TelegramServers.PRODUCTION_IPV6)
                .allMatch(e -> e.port() == 443 && e.host().contains(":"));
    }

    @Test
    void findRecognisesListedAddressesInAnySpelling() {
        assertThat(TelegramServers.find("149.154.175.100", 443))
                .map(Endpoint::dcId)
                .contains(3);
        assertThat(TelegramServers.find("149.154.167.50", 443))
                .map(Endpoint::dcId)
                .contains(2);
        assertThat(TelegramServers.find("2001:067c:04e8:f004:0000:0000:0000:000a", 443))
                .map(Endpoint::dcId)
                .contains(4);
        assertThat(TelegramServers.find("[2001:B28:F23D:F001::E]", 443)).hasValueSatisfying(e -> {
            assertThat(e.dcId()).isEqualTo(1);
            assertThat(e.test()).isTrue();
        });
        assertThat(TelegramServers.find("149.154.167.40", 443))
                .map(Endpoint::headerDcId)
                .contains(10002);
        assertThat(TelegramServers.find("149.154.175.100", 80)).isEmpty();
        assertThat(TelegramServers.find("127.0.0.1", 443)).isEmpty();
        assertThat(TelegramServers.find("::1", 443)).isEmpty();
    }

    @Test
    void canonicalExpandsIpv6() {
        assertThat(TelegramServers.canonical("::1")).isEqualTo("0000:0000:0000:0000:0000:0000:0000:0001");
        assertThat(TelegramServers.canonical("2001:b28:f23d:f001::a"))
                .isEqualTo("2001:0b28:f23d:f001:0000:0000:0000:000a");
        assertThat(TelegramServers.canonical("Example.ORG")).isEqualTo("example.org");
    }
}
