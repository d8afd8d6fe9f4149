package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtj connect --telegram} with no internet: each run is a child JVM inside a network namespace of its own
 * ({@code unshare -n}) that has only a loopback interface, so the dial to Telegram's address cannot leave the machine.
 * It must fail in step 1 with a sentence naming the address, not wait for the timeout.
 */
class OfflineTelegramTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    static Path dir;

    @BeforeAll
    static void namespacesAvailable() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder("unshare", "-n", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("probe.log").toFile())
                    .start();
            ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        if (!ok && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but 'unshare -n' does not work here (needs root and util-linux)");
        }
        Assumptions.assumeTrue(ok, "unshare -n is not available (needs root)");
    }

    /** Runs {@code mtj connect ARGS} in a fresh loopback-only network namespace; returns exit code and stderr. */
    private static CliRun offline(String name, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "-n",
                "--",
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.mtj.cli.Main",
                "connect"));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("mtj connect " + String.join(" ", args) + " did not end within 120 s");
        }
        return new CliRun(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void productionDc2IsTheDefaultAndItsDialFailsInStepOneNamingTheAddress() throws Exception {
        CliRun r = offline("prod", "--telegram", "--timeout", "60s");
        assertThat(r.out()).contains("connecting to 149.154.167.51:443 (Telegram's dc 2) over intermediate");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0))
                .startsWith("step 1 (dial) failed: could not reach 149.154.167.51:443: ")
                .doesNotContain("within");
    }

    @Test
    void testServersAndAKnownIpv6AddressDeriveTheDc() throws Exception {
        CliRun test = offline("test", "--telegram", "--test-servers", "--dc-id", "3", "--timeout", "60s");
        assertThat(test.out()).contains("connecting to 149.154.175.117:443 (Telegram's test dc 3)");
        assertThat(test.exitCode()).isEqualTo(1);
        assertThat(test.errLines().get(0))
                .startsWith("step 1 (dial) failed: could not reach 149.154.175.117:443: ")
                .doesNotContain("within");

        CliRun v6 = offline("v6", "--dc", "[2001:67c:4e8:f004::a]:443", "--timeout", "60s");
        assertThat(v6.out()).contains("connecting to [2001:67c:4e8:f004::a]:443 (Telegram's dc 4)");
        assertThat(v6.exitCode()).isEqualTo(1);
        assertThat(v6.errLines().get(0))
                .startsWith("step 1 (dial) failed: could not reach [2001:67c:4e8:f004::a]:443: ")
                .doesNotContain("within");
    }
}
