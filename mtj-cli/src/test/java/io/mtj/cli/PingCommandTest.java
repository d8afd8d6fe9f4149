package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PingCommandTest {
    private static final String LINE =
            "(\\d+) sent, (\\d+) answered, (\\d+) failed, (\\d+) unknown, \\d+ calls/s, p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms";

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void pingsAnEmbeddedTestDcAndEndsWithTheSummaryLine() {
        CliRun run = CliRun.of("ping", "--count", "300", "--inflight", "32");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastLine(run.out())).matches(LINE).startsWith("300 sent, 300 answered, 0 failed, 0 unknown, ");
    }

    @Test
    void theMtprotoPingMethodToo() {
        CliRun run = CliRun.of("ping", "--count=50", "--inflight=8", "--method", "ping", "--transport", "abridged");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(lastLine(run.out())).startsWith("50 sent, 50 answered, 0 failed, 0 unknown, ");
    }

    @Test
    void wrongValuesAreUsageErrorsNamingTheOption() {
        CliRun run = CliRun.of("ping", "--count", "0");
        assertThat(run.exitCode()).isEqualTo(Main.USAGE);
        assertThat(run.err()).startsWith("mtj ping: --count 0 is not an integer 1..100000000");
        assertThat(CliRun.of("ping", "--method", "getConfig").err())
                .startsWith("mtj ping: --method getConfig is not one of getNearestDc, ping");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(PingStats.percentile(sorted, 50)).isEqualTo(5);
        assertThat(PingStats.percentile(sorted, 99)).isEqualTo(10);
        assertThat(PingStats.percentile(new long[0], 99)).isZero();
        PingStats stats = new PingStats(3);
        stats.answered(1_500_000);
        stats.answered(2_500_000);
        stats.unknown();
        assertThat(stats.line(1_000_000_000L))
                .isEqualTo("3 sent, 2 answered, 0 failed, 1 unknown, 3 calls/s, p50 1.5 ms, p99 2.5 ms");
        assertThat(List.of(stats.answered(), stats.failures())).containsExactly(2, 1);
    }
}
