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
    void badValues() {
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--port", "65536")))
                .isInstanceOf(UsageException.class)
                .hasMessage("mtj testdc: --port expects an integer 0..65535, got '65536'");
        assertThatThrownBy(() -> TestDcOptions.parse(List.of("--dc", "x:1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("mtj testdc: unknown option --dc (see mtj help)");
    }
}
