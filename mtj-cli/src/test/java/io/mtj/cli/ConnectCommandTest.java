package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.TestDc;
import io.mtj.transport.mtproxy.MtProxyLink;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtj connect} end to end against test DCs on loopback. */
@Timeout(120)
class ConnectCommandTest {
    private static final String MS = "\\s+\\d+\\.\\d ms  ";

    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    /** The six step lines, in order, then the config. */
    private static void assertSixStepsAndConfig(CliRun r, int dcId, String framingDetail) {
        assertThat(r.err()).as("stderr").isEmpty();
        assertThat(r.exitCode()).isZero();
        List<String> steps =
                r.outLines().stream().filter(l -> l.startsWith("step ")).toList();
        assertThat(steps).hasSize(6);
        assertThat(steps.get(0)).matches("step 1  dial" + MS + "127\\.0\\.0\\.1:\\d+");
        assertThat(steps.get(1)).matches("step 2  transport tag" + MS + Pattern.quote(framingDetail));
        assertThat(steps.get(2))
                .matches(
                        "step 3  DH exchange" + MS
                                + "req_pq_multi \\d+\\.\\d ms, req_DH_params \\d+\\.\\d ms, set_client_DH_params \\d+\\.\\d ms");
        assertThat(steps.get(3)).matches("step 4  auth key" + MS + "id [0-9a-f]{16}, new");
        assertThat(steps.get(4)).matches("step 5  encrypted session" + MS + "session [0-9a-f]{16}");
        assertThat(steps.get(5)).matches("step 6  initConnection \\+ help\\.getConfig" + MS + "layer 229");
        int config = r.outLines().indexOf("help.getConfig:");
        assertThat(config).isGreaterThan(r.outLines().indexOf(steps.get(5)));
        assertThat(r.outLines())
                .contains(
                        "  this_dc              " + dcId,
                        "  test_mode            false",
                        "  dc_options           1 entry",
                        "  message_length_max   4096");
        assertThat(r.out()).containsPattern("\n    dc " + dcId + "  127\\.0\\.0\\.1:\\d+\n");
        assertThat(r.out()).containsPattern("\n  date                 \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z \\(\\d+\\)\n");
    }

    @Test
    void embeddedTestDcByDefault() {
        CliRun r = CliRun.of("connect");
        assertThat(r.outLines().get(0))
                .matches("embedded test DC 2 on 127\\.0\\.0\\.1:\\d+, RSA key fingerprint 0x[0-9a-f]{16} \\(-?\\d+\\)");
        assertThat(r.outLines().get(1))
                .matches("connecting to 127\\.0\\.0\\.1:\\d+ \\(dc 2\\) over intermediate, timeout 30000 ms");
        assertSixStepsAndConfig(r, 2, "intermediate");
    }

    @Test
    void obfuscatedPaddedWithAnotherDcId() {
        CliRun r = CliRun.of("connect", "--transport", "obfuscated-padded", "--dc-id", "4");
        assertSixStepsAndConfig(r, 4, "padded_intermediate, obfuscated");
    }

    /**
     * The HTTP transport opens a second pooled connection while its long poll holds the first (before step 6): that
     * socket is not a connection attempt, so there is one dial step (it used to print a second "step 1").
     */
    @Test
    void httpTransportPrintsOneDialStep() {
        CliRun r = CliRun.of("connect", "--transport", "http");
        assertSixStepsAndConfig(r, 2, "http");
    }

    /** The unencrypted req_pq_multi: auth_key_id 0, a msg_id, length 20, constructor 0xbe7e8ef1, nonce. */
    private static final String REQ_PQ_MULTI = "0000  0000000000000000[0-9a-f]{16}14000000f18e7ebe[0-9a-f]{16}\n";

    /** The unencrypted resPQ: auth_key_id 0, a msg_id, its length, constructor 0x05162463. */
    private static final String RES_PQ = "0000  0000000000000000[0-9a-f]{16}[0-9a-f]{8}63241605";

    @Test
    void traceShowsIntermediateFramesNotSocketChunks() {
        CliRun r = CliRun.of("connect", "--trace");
        assertSixStepsAndConfig(r, 2, "intermediate");
        // the packet itself, without the 4-byte intermediate length header
        assertThat(r.out()).containsPattern("(?m)^trace -> intermediate 40 bytes\n  " + REQ_PQ_MULTI);
        assertThat(r.out()).containsPattern("(?m)^trace <- intermediate \\d+ bytes\n  " + RES_PQ);
    }

    @Test
    void traceShowsPacketsInTheClearUnderObfuscation() {
        CliRun r = CliRun.of("connect", "--transport", "obfuscated-padded", "--trace");
        assertSixStepsAndConfig(r, 2, "padded_intermediate, obfuscated");
        assertThat(r.out()).containsPattern("(?m)^trace -> padded_intermediate 40 bytes\n  " + REQ_PQ_MULTI);
        assertThat(r.out()).containsPattern("(?m)^trace <- padded_intermediate \\d+ bytes\n  " + RES_PQ);
    }

    @Test
    void fullFramingWithTrace() {
        CliRun r = CliRun.of("connect", "--transport", "full", "--trace");
        assertSixStepsAndConfig(r, 2, "full");
        // the packet without the full framing's length, seqno and CRC
        assertThat(r.out()).containsPattern("(?m)^trace -> full 40 bytes\n  " + REQ_PQ_MULTI);
        assertThat(r.out()).containsPattern("(?m)^trace <- full \\d+ bytes\n  " + RES_PQ);
    }

    @Test
    void sessionFileReusesTheAuthKey() throws IOException {
        try (TestDc dc =
                TestDc.builder().apiRegistry(TelegramRegistry.registry()).build()) {
            Path pem = Files.writeString(dir.resolve("dc.pem"), dc.publicKeyPem());
            String[] args = {
                "connect",
                "--dc",
                "127.0.0.1:" + dc.port(),
                "--rsa-key",
                pem.toString(),
                "--session",
                dir.resolve("client.session").toString()
            };
            CliRun first = CliRun.of(args);
            assertSixStepsAndConfig(first, 2, "intermediate");
            CliRun second = CliRun.of(args);
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(second.out())
                    .containsPattern("step 3  DH exchange" + MS + "skipped: auth key from the session file")
                    .containsPattern("step 4  auth key" + MS + "id [0-9a-f]{16}, reused")
                    .contains("help.getConfig:");
            assertThat(dc.authKeysCreated()).isEqualTo(1);
        }
    }

    @Test
    void embeddedMtProxyWithAGeneratedFakeTlsSecret() {
        CliRun r = CliRun.of("connect", "--mtproxy");
        assertThat(r.outLines().get(0)).matches("embedded test DC 2 on 127\\.0\\.0\\.1:\\d+, RSA key fingerprint .*");
        Matcher proxy = Pattern.compile(
                        "embedded MTProxy on 127\\.0\\.0\\.1:(\\d+) \\(ee secret generated for this run\\):"
                                + " tg://proxy\\?server=127\\.0\\.0\\.1&port=(\\d+)&secret=ee([0-9a-f]{32})"
                                + HexFormat.of().formatHex("www.example.com".getBytes(StandardCharsets.US_ASCII)))
                .matcher(r.outLines().get(1));
        assertThat(proxy.matches()).as(r.outLines().get(1)).isTrue();
        String port = proxy.group(1);
        assertThat(proxy.group(2)).isEqualTo(port);
        assertThat(r.outLines().get(2))
                .isEqualTo("connecting to dc 2 through MTProxy 127.0.0.1:" + port + " (ee secret), timeout 30000 ms");
        assertSixStepsAndConfig(r, 2, "padded_intermediate, obfuscated");
        assertThat(r.out()).containsPattern("step 1  dial" + MS + "127\\.0\\.0\\.1:" + port + "\n");
        CliRun again = CliRun.of("connect", "--mtproxy");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.outLines().get(1)).doesNotContain("secret=ee" + proxy.group(3));
    }

    @Test
    void embeddedWebSocket() {
        CliRun r = CliRun.of("connect", "--transport", "websocket");
        Matcher ws = Pattern.compile("embedded WebSocket listener on ws://127\\.0\\.0\\.1:(\\d+)/apiws")
                .matcher(r.outLines().get(1));
        assertThat(ws.matches()).as(r.outLines().get(1)).isTrue();
        assertThat(r.outLines().get(2))
                .isEqualTo("connecting to 127.0.0.1:" + ws.group(1) + " (dc 2) over websocket, timeout 30000 ms");
        assertSixStepsAndConfig(r, 2, "intermediate, obfuscated");
        assertThat(r.out()).containsPattern("step 1  dial" + MS + "127\\.0\\.0\\.1:" + ws.group(1) + "\n");
    }

    @Test
    void mtProxyLinksGoThroughTheProxy() throws IOException {
        MtProxySecret secret = MtProxySecret.padded(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        try (TestDc dc = TestDc.builder()
                .apiRegistry(TelegramRegistry.registry())
                .mtproxy(secret)
                .build()) {
            Path pem = Files.writeString(dir.resolve("dc.pem"), dc.publicKeyPem());
            int port = dc.mtproxyAddress().getPort();
            MtProxyLink link = new MtProxyLink("127.0.0.1", port, secret);
            for (String uri : List.of(link.toTgUri(), link.toHttpsUri())) {
                CliRun r = CliRun.of(
                        "connect", "--dc", "127.0.0.1:" + dc.port(), "--rsa-key", pem.toString(), "--proxy", uri);
                assertThat(r.outLines().get(0))
                        .isEqualTo("connecting to dc 2 through MTProxy 127.0.0.1:" + port
                                + " (dd secret), timeout 30000 ms");
                assertSixStepsAndConfig(r, 2, "padded_intermediate, obfuscated");
                assertThat(r.out()).containsPattern("step 1  dial" + MS + "127\\.0\\.0\\.1:" + port + "\n");
            }
            assertThat(dc.authKeysCreated()).isEqualTo(2);
        }
    }

    @Test
    void wrongMtProxySecretNamesTheProxyNotTheKey() throws IOException {
        byte[] good = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] wrong = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
        try (TestDc dc = TestDc.builder()
                .apiRegistry(TelegramRegistry.registry())
                .mtproxy(MtProxySecret.plain(good))
                .build()) {
            Path pem = Files.writeString(dir.resolve("dc.pem"), dc.publicKeyPem());
            int port = dc.mtproxyAddress().getPort();
            String uri = new MtProxyLink("127.0.0.1", port, MtProxySecret.plain(wrong)).toTgUri();
            CliRun r =
                    CliRun.of("connect", "--dc", "127.0.0.1:" + dc.port(), "--rsa-key", pem.toString(), "--proxy", uri);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines())
                    .containsExactly("step 3 (DH exchange) failed: the MTProxy 127.0.0.1:" + port
                            + " closed the connection before any answer (PLAIN secret): the secret is probably wrong,"
                            + " or the proxy refused this client");
            assertThat(dc.authKeysCreated()).isZero();
        }
    }

    @Test
    void refusedDialNamesStepOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path pem = Files.writeString(
                dir.resolve("k.pem"), RsaKeyPair.generate2048().publicKey().toPem());
        CliRun r = CliRun.of("connect", "--dc", "127.0.0.1:" + port, "--rsa-key", pem.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines())
                .containsExactly(
                        "step 1 (dial) failed: 127.0.0.1:" + port + " refused the connection (Connection refused)");
    }

    @Test
    void untrustedServerKeyNamesStepThreeWithoutStackTrace() throws IOException {
        try (TestDc dc =
                TestDc.builder().apiRegistry(TelegramRegistry.registry()).build()) {
            Path other = Files.writeString(
                    dir.resolve("other.pem"),
                    RsaKeyPair.generate2048().publicKey().toPem());
            CliRun r = CliRun.of("connect", "--dc", "127.0.0.1:" + dc.port(), "--rsa-key", other.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("step 3 (DH exchange) failed: ");
            assertThat(r.err()).doesNotContain("\tat ");
            CliRun verbose =
                    CliRun.of("connect", "--dc", "127.0.0.1:" + dc.port(), "--rsa-key", other.toString(), "--verbose");
            assertThat(verbose.exitCode()).isEqualTo(1);
            assertThat(verbose.err())
                    .startsWith("step 3 (DH exchange) failed: ")
                    .contains("\tat ");
        }
    }

    @Test
    void silentServerHitsTheTimeoutInStepThree() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes(); // read and never answer, until the client leaves
                } catch (IOException e) {
                    // closed by the test
                }
            });
            Path pem = Files.writeString(
                    dir.resolve("k.pem"), RsaKeyPair.generate2048().publicKey().toPem());
            CliRun r = CliRun.of(
                    "connect",
                    "--dc",
                    "127.0.0.1:" + silent.getLocalPort(),
                    "--rsa-key",
                    pem.toString(),
                    "--timeout",
                    "1500ms");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).contains("step 2  transport tag");
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("step 3 (DH exchange) failed: ");
            silent.close();
            acceptor.join(5000);
            assertThat(acceptor.isAlive()).isFalse();
        }
    }
}
