package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
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
}
