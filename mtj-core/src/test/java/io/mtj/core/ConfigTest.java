package io.mtj.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.Framing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    private static final RsaKeyPair A = RsaKeyPair.generate2048();
    private static final RsaKeyPair B = RsaKeyPair.generate2048();

    @Test
    void defaultsAreProductionDc2Intermediate() {
        Config c = Config.builder(1, "h").serverKeys(List.of(A.publicKey())).build();
        assertThat(c.endpoint().host()).isEqualTo("149.154.167.50");
        assertThat(c.endpoint().port()).isEqualTo(443);
        assertThat(c.endpoint().dcId()).isEqualTo(2);
        assertThat(c.framing()).isEqualTo(Framing.INTERMEDIATE);
        assertThat(c.obfuscated()).isFalse();
        assertThat(c.toString()).doesNotContain("h,").contains("keys=1");
    }

    @Test
    void requiresKeysAndRejectsObfuscatedFull() {
        assertThatThrownBy(() -> Config.builder(1, "h").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no trusted server keys");
        assertThatThrownBy(() -> Config.builder(1, "h")
                        .serverKeys(List.of(A.publicKey()))
                        .framing(Framing.FULL)
                        .obfuscated(true)
                        .build())
                .hasMessageContaining("full framing");
        assertThatThrownBy(() -> Config.builder(1, "h").callTimeout(Duration.ZERO))
                .hasMessageContaining("callTimeout must be positive");
    }

    @Test
    void loadsEveryKeyOfAPemFile(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("keys.pem");
        Files.writeString(pem, A.publicKey().toPem() + "\n" + B.publicKey().toPem());
        assertThat(Config.loadKeys(pem)).containsExactly(A.publicKey(), B.publicKey());
        Files.writeString(pem, "nothing here");
        assertThatThrownBy(() -> Config.loadKeys(pem)).hasMessageContaining("no RSA public key");
    }

    @Test
    void loadsTheSharedTelegramKeysWhenPresent() throws Exception {
        String shared = System.getProperty("mtj.shared", "../shared");
        Path pem = Path.of(shared, "telegram", "production-rsa.pem");
        if (!Files.exists(pem)) {
            assertThat(System.getenv("CI")).as("CI needs " + pem).isNotEqualTo("true");
            return;
        }
        assertThat(Config.loadKeys(pem)).isNotEmpty().allSatisfy(k -> assertThat(k.byteLength())
                .isEqualTo(256));
    }
}
