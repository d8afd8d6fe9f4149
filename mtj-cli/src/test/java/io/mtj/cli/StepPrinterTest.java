package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a dial race reaches the screen: a line per failed address, then one dial step naming the winner. */
class StepPrinterTest {
    @Test
    void aFailedAttemptGetsItsOwnLineAndTheDialStepNamesTheWinnerAndTheAttempts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StepPrinter steps = new StepPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        steps.dialFailed("127.0.0.1:1", new ConnectException("Connection refused"), Duration.ofMillis(2));
        assertThat(steps.current()).isEqualTo(Step.DIAL);
        steps.dialed("127.0.0.1:443", 2, Duration.ofMillis(5));
        assertThat(steps.current()).isEqualTo(Step.TRANSPORT);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                                dial attempt failed                  2.0 ms  127.0.0.1:1: connection refused (Connection refused)
                        step 1  dial                                 5.0 ms  127.0.0.1:443 (2 addresses tried)
                        """);
    }

    @Test
    void aSingleAttemptPrintsTheAddressAlone() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StepPrinter steps = new StepPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        steps.dialed("127.0.0.1:443", 1, Duration.ofMillis(5));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("step 1  dial                                 5.0 ms  127.0.0.1:443\n");
    }
}
