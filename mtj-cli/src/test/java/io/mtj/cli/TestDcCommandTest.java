package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtj testdc} serves {@code mtj connect}, then stops when asked. */
@Timeout(120)
class TestDcCommandTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void printsAddressKeyAndCallsThenStops() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                exit.set(TestDcCommand.run(new TestDcOptions("127.0.0.1", 0, 3, false), out, stop));
            } catch (Exception e) {
                e.printStackTrace(out);
            }
        });
        Pattern listening = Pattern.compile("test DC 3 listening on (127\\.0\\.0\\.1:\\d+)\n");
        String text = "";
        for (int i = 0; i < 600 && !text.contains("press Ctrl-C to stop"); i++) {
            Thread.sleep(50);
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        Matcher m = listening.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        String address = m.group(1);
        assertThat(text).containsPattern("RSA key fingerprint: 0x[0-9a-f]{16} \\(-?\\d+\\)\n");
        int begin = text.indexOf("-----BEGIN RSA PUBLIC KEY-----");
        int end = text.indexOf("-----END RSA PUBLIC KEY-----");
        assertThat(begin).isPositive();
        assertThat(end).isGreaterThan(begin);
        assertThat(text).contains("connect with: mtj connect --dc " + address + " --dc-id 3 --rsa-key FILE");
        Path pem = Files.writeString(dir.resolve("dc.pem"), text.substring(begin, end + 28) + "\n");

        CliRun client = CliRun.of("connect", "--dc", address, "--dc-id", "3", "--rsa-key", pem.toString());
        assertThat(client.exitCode()).as(client.err()).isZero();
        assertThat(client.out()).contains("  this_dc              3");

        for (int i = 0; i < 100 && !bytes.toString(StandardCharsets.UTF_8).contains("call 1: "); i++) {
            Thread.sleep(50);
        }
        stop.countDown();
        server.join(10_000);
        assertThat(server.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).containsPattern("\ncall 1: HelpGetConfig \\(layer 229\\) session 0x[0-9a-f]+\n");
        assertThat(all).endsWith("test DC stopped after 1 auth key(s), 1 call(s)\n");
    }

    @Test
    void chaosServesUntilStandardInputEndsThenCountsExecutions() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed);
        AtomicInteger exit = new AtomicInteger(-1);
        TestDcOptions options =
                new TestDcOptions("127.0.0.1", 0, 2, false, null, false, false, "close-every=1MB,skew=+0s,seed=1");
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                exit.set(TestDcCommand.run(options, out, new CountDownLatch(1), stdin));
            } catch (Exception e) {
                e.printStackTrace(out);
            }
        });
        String text = "";
        for (int i = 0; i < 600 && !text.contains("end standard input to stop"); i++) {
            Thread.sleep(50);
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        assertThat(text).contains("chaos: close-every=1048576B,skew=+0s,seed=1\n");
        Matcher m = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)\n").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        int begin = text.indexOf("-----BEGIN RSA PUBLIC KEY-----");
        int end = text.indexOf("-----END RSA PUBLIC KEY-----");
        Path pem = Files.writeString(dir.resolve("dc.pem"), text.substring(begin, end + 28) + "\n");
        CliRun client = CliRun.of("connect", "--dc", m.group(1), "--dc-id", "2", "--rsa-key", pem.toString());
        assertThat(client.exitCode()).as(client.err()).isZero();
        feed.write("anything\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        server.join(10_000);
        assertThat(server.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("executed 1 calls, 0 more than once\n");
    }

    @Test
    void aBadChaosSpecIsAUsageErrorNamingTheItem() {
        TestDcOptions options = new TestDcOptions("127.0.0.1", 0, 2, false, null, false, false, "kill=sometimes");
        assertThatThrownBy(() -> TestDcCommand.run(
                        options,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new CountDownLatch(1),
                        new java.io.ByteArrayInputStream(new byte[0])))
                .isInstanceOf(UsageException.class)
                .hasMessage("mtj testdc: --chaos: chaos spec item 'kill=sometimes': expected random, before-execute,"
                        + " after-execute, after-ack, mid-answer or none");
    }
}
