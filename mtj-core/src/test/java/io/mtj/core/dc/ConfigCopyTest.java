package io.mtj.core.dc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.core.ClientConfig;
import io.mtj.core.storage.SessionStore;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.Endpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A configuration copied for another DC keeps the base's timeouts. */
class ConfigCopyTest {
    @Test
    void theCopyForAnotherDcKeepsEveryTimeoutOfTheBase() {
        ClientConfig base = ClientConfig.builder(1, "h")
                .serverKeys(List.of(RsaKeyPair.generate2048().publicKey()))
                .connectTimeout(Duration.ofSeconds(4))
                .handshakeTimeout(Duration.ofSeconds(6))
                .callTimeout(Duration.ofSeconds(8))
                .writeTimeout(Duration.ofSeconds(3))
                .build();
        ClientConfig copy = ConfigCopy.forDc(base, Endpoint.of("127.0.0.1", 4000, 4), SessionStore.NONE);
        assertThat(copy.endpoint()).isEqualTo(Endpoint.of("127.0.0.1", 4000, 4));
        assertThat(copy.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(copy.handshakeTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(copy.callTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(copy.writeTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
