package io.mtj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Node preload that keeps the foreign clients on loopback refuses everything else. */
class LoopbackGuardTest {
    @Test
    void refusesTelegramAddressesAndAllowsLoopback() throws IOException {
        NodeRunner node = NodeEnvironment.requireNode();
        NodeRunResult r = node.run("guard-test.mjs", List.of(), Duration.ofSeconds(30));
        assertThat(r.timedOut())
                .as("guard test timed out; stderr: %s", r.stderrTail())
                .isFalse();
        assertThat(r.stdout())
                .as("stderr: %s", r.stderrTail())
                .contains(
                        "ok refused net.Socket.connect: 149.154.167.50:443",
                        "ok refused net.connect: 149.154.167.50:443",
                        "ok refused net.createConnection: 149.154.167.50:443",
                        "ok refused net.connect ipv6: 2001:67c:4e8:f004::a:443",
                        "ok refused net.connect mapped: ::ffff:149.154.167.50:443",
                        "ok refused net.connect name: venus.web.telegram.org:443",
                        "ok refused tls.connect: 149.154.167.50:443",
                        "ok refused dns.lookup: telegram.org",
                        "ok refused dns.resolve4: telegram.org",
                        "ok refused dns.promises.lookup: telegram.org",
                        "ok refused dns.Resolver.resolve: telegram.org",
                        "ok refused http.request: 149.154.167.50:80",
                        "ok refused http.get: 149.154.167.50:80",
                        "ok refused https.request: 149.154.167.50:443",
                        "ok refused dgram.send: 149.154.167.50:443",
                        "ok refused dgram.connect: 149.154.167.50:443",
                        "ok refused fetch: 149.154.167.50",
                        "ok loopback localhost allowed",
                        "guard: all checks passed")
                .noneMatch(line -> line.startsWith("FAIL"));
        assertThat(r.exitCode()).isZero();
        // the guard names every refused target on stderr
        assertThat(r.stderrTail())
                .contains("mtj-guard: refused net.connect to 149.154.167.50:443 (only loopback is allowed)");
    }

    /** The harness's fix for GramJS's unpadded auth key (gramjs-fixes.cjs) does what it says. */
    @Test
    void gramjsAuthKeyFixPadsShortKeys() throws IOException {
        NodeRunner node = NodeEnvironment.requireClients();
        NodeRunResult r = node.run("gramjs-fixes-test.mjs", List.of(), Duration.ofSeconds(30));
        assertThat(r.stdout())
                .as("stderr: %s", r.stderrTail())
                .contains(
                        "ok short key padded to 256 bytes",
                        "ok padding is leading zeros",
                        "ok key id is SHA-1 of the padded key, bytes 12..20",
                        "ok aux hash is SHA-1 of the padded key, bytes 0..8",
                        "ok 256-byte key unchanged",
                        "gramjs-fixes: all checks passed")
                .noneMatch(line -> line.startsWith("FAIL"));
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void aScriptThatDialsTelegramDiesBeforeConnecting() throws IOException {
        NodeRunner node = NodeEnvironment.requireNode();
        NodeRunResult r = node.run(
                "-e",
                List.of(
                        "require('node:net').connect(443, '149.154.167.50').on('connect', () => console.log('CONNECTED'))"),
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).isNotNull().isNotZero();
        assertThat(r.stdout()).doesNotContain("CONNECTED");
        assertThat(r.stderrTail())
                .contains(
                        "mtj-guard: net.connect to 149.154.167.50:443 refused: only 127.0.0.0/8, ::1 and localhost are allowed");
    }
}
