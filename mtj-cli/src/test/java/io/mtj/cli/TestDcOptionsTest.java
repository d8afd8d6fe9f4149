package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestDcOptionsTest {
    @Test
    void defaults() throws UsageException {
        assertThat(TestDcOptions.parse(List.of())).isEqualTo(new TestDcOptions("127.0.0.1", 0, 2, false));
    }

    @Test
    void everyOption() throws UsageException {
        assertThat(TestDcOptions.parse(List.of("--host", "::1", "--port=4430", "--dc-id", "3", "--verbose")))
                .isEqualTo(new TestDcOptions("::1", 4430, 3, true));
    }

    @Test
    void chaosTakesASpec() throws UsageException {
        assertThat(TestDcOptions.parse(List.of("--chaos", "close-every=64KB,kill=random"))
                        .chaos())
                .isEqualTo("close-every=64KB,kill=random");
    }

    @Test
    void listeners() throws UsageException {
        TestDcOptions o = TestDcOptions.parse(List.of(
                "--mtproxy", "ee00112233445566778899aabbccddeeff6578616d706c652e636f6d", "--websocket", "--tls"));
        assertThat(java.util.Objects.requireNonNull(o.mtproxy()).kind())
                .isEqualTo(io.mtj.transport.mtproxy.MtProxySecret.Kind.FAKE_TLS);
        assertThat(o.webSocket()).isTrue();
        assertThat(o.tls()).isTrue();
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--tls")))
                .hasMessage("mtj testdc: --tls puts TLS before the WebSocket listener, so it needs --websocket");
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--mtproxy", "dd0011zz")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("mtj testdc: --mtproxy expects an MTProxy secret in hex (")
                .hasMessageNotContaining("dd0011zz");
    }

    @Test
    void badValues() {
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--port", "65536")))
                .isInstanceOf(UsageException.class)
                .hasMessage("mtj testdc: --port expects an integer 0..65535, got '65536'");
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--dc", "x:1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("mtj testdc: unknown option --dc (see mtj testdc --help)");
    }
}
