package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtj testdc --dcs 3 ...} and {@code mtj login} dialling DC 1: the "done when", in one JVM. */
@Timeout(180)
class LoginCommandTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void botAndTwoStepUserLogInAgainstTheClusterCommandDiallingDc1() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(-1);
        Path key = dir.resolve("cluster.pem");
        ClusterCommand.Options options = ClusterCommand.parse(List.of(
                "--dcs", "3", "--bot", "42:SECRET@3", "--user", "15550001@2:hunter2", "--key-out", key.toString()));
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                exit.set(ClusterCommand.run(options, out, stop));
            } catch (Exception e) {
                e.printStackTrace(out);
            }
        });
        String text = "";
        for (int i = 0; i < 1200 && !text.contains("press Ctrl-C to stop"); i++) {
            Thread.sleep(50);
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("dc 1: (127\\.0\\.0\\.1:\\d+), media-only 127\\.0\\.0\\.1:\\d+\n")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(text).containsPattern("dc 3: 127\\.0\\.0\\.1:\\d+, media-only 127\\.0\\.0\\.1:\\d+\n");
        assertThat(text).contains("bot 42 on dc 3\n", "user 15550001 on dc 2 with a two-step password\n");
        String dc1 = m.group(1);

        CliRun bot = CliRun.of(
                "login", "--dc", dc1, "--dc-id", "1", "--rsa-key", key.toString(), "--bot-token", "42:SECRET");
        assertThat(bot.exitCode()).as(bot.err()).isZero();
        assertThat(bot.out()).isEqualTo("logged in as bot 42 on dc 3\n");

        Path password = Files.writeString(dir.resolve("password"), "hunter2\n");
        CliRun user = CliRun.of(
                "login",
                "--dc",
                dc1,
                "--dc-id",
                "1",
                "--rsa-key",
                key.toString(),
                "--phone",
                "15550001",
                "--code",
                "12345",
                "--password-file",
                password.toString());
        assertThat(user.exitCode()).as(user.err()).isZero();
        assertThat(user.out()).matches("logged in as user \\d+ on dc 2\n");

        Path wrong = Files.writeString(dir.resolve("wrong"), "hunter3\n");
        CliRun refused = CliRun.of(
                "login",
                "--dc",
                dc1,
                "--dc-id",
                "1",
                "--rsa-key",
                key.toString(),
                "--phone",
                "15550001",
                "--code",
                "12345",
                "--password-file",
                wrong.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("was refused").doesNotContain("hunter3");

        // --session keeps every DC's key and the main DC in one file (format version 2); a second login reuses it
        Path session = dir.resolve("bot.session");
        for (int run = 1; run <= 2; run++) {
            CliRun again = CliRun.of(
                    "login",
                    "--dc",
                    dc1,
                    "--dc-id",
                    "1",
                    "--rsa-key",
                    key.toString(),
                    "--session",
                    session.toString(),
                    "--bot-token",
                    "42:SECRET");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).isEqualTo("logged in as bot 42 on dc 3\n");
            io.mtj.core.storage.DcStatesFile.Read saved =
                    new io.mtj.core.storage.DcStatesFile(session).read().orElseThrow();
            assertThat(saved.version()).isEqualTo(2);
            assertThat(saved.contents().mainDc()).isEqualTo(3);
            assertThat(saved.contents().states().keySet()).as("run %d", run).containsExactly(1, 3);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .filteredOn(n -> n.startsWith("bot.session"))
                    .containsExactly("bot.session");
        }

        stop.countDown();
        server.join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void withoutDcAnEmbeddedClusterIsUsed() throws Exception {
        CliRun bot = CliRun.of("login", "--bot-token", "7:XYZ");
        assertThat(bot.exitCode()).as(bot.err()).isZero();
        assertThat(bot.out()).endsWith("logged in as bot 7 on dc 3\n");
    }

    @Test
    void usageErrorsNameTheOption() throws Exception {
        CliRun none = CliRun.of("login");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give exactly one of --bot-token ID:SECRET and --phone NUMBER");
        CliRun bad = CliRun.of("login", "--bot-token", "nocolon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--bot-token expects ID:SECRET");
    }
}
