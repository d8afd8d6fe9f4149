package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.crypto.RsaKeyPair;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --json, --verbose, --trust-cert and the listeners of mtj testdc. */
@Timeout(300)
class CliMannersTest {
    @TempDir
    @SuppressWarnings("NullAway.Init")
    Path dir;

    @Test
    void jsonIsOneDocumentWithTheSixStepsAndTheConfig() {
        CliRun r = CliRun.of("connect", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String json = r.out();
        assertThat(json)
                .startsWith("{\n  \"command\": \"connect\",\n  \"ok\": true,\n  \"notes\": [\n")
                .endsWith("}\n");
        assertThat(json).containsPattern("\"notes\": \\[\n    \"embedded test DC 2 on 127\\.0\\.0\\.1:\\d+, RSA key");
        for (Step s : Step.values()) {
            assertThat(json)
                    .containsPattern("\\{\n      \"step\": " + s.number() + ",\n      \"name\": \""
                            + Pattern.quote(s.title()) + "\",\n      \"ms\": \\d+\\.\\d{3},\n      \"detail\": \"");
        }
        assertThat(json)
                .contains("\"config\": {\n    \"this_dc\": 2,")
                .containsPattern(
                        "\"dc_options\": \\[\n      \\{\n        \"id\": 2,\n        \"ip_address\": \"127\\.0\\.0\\.1\"")
                .doesNotContain("\"error\"")
                .doesNotContain("help.getConfig:"); // nothing of the text form
        assertThat(balanced(json)).isTrue();
    }

    @Test
    void jsonNamesTheFailedStep() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path pem = Files.writeString(
                dir.resolve("k.pem"), RsaKeyPair.generate2048().publicKey().toPem());
        CliRun r = CliRun.of("connect", "--json", "--dc", "127.0.0.1:" + port, "--rsa-key", pem.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("\"ok\": false")
                .contains("\"steps\": []")
                .contains(
                        "\"error\": {\n    \"step\": 1,\n    \"name\": \"dial\",\n    \"message\": \"step 1 (dial) failed: 127.0.0.1:"
                                + port + " refused the connection");
        assertThat(r.errLines()).hasSize(1);
        assertThat(balanced(r.out())).isTrue();
    }

    /** Braces and brackets outside strings pair up, and strings end: a cheap well-formedness check. */
    private static boolean balanced(String json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0 && !inString;
    }

    /**
     * A session file from an earlier embedded DC holds a key the new one does not know: the client logs an INFO and
     * runs a new exchange. That line reaches stderr only with --verbose.
     */
    @Test
    void libraryLogLinesOnlyWithVerbose() {
        String session = dir.resolve("s.session").toString();
        CliRun first = CliRun.of("connect", "--session", session);
        assertThat(first.exitCode()).as(first.err()).isZero();
        CliRun quiet = CliRun.of("connect", "--session", session);
        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).containsPattern("step 4  auth key .* new");
        assertThat(quiet.err()).isEmpty();
        CliRun verbose = CliRun.of("connect", "--session", session, "--verbose");
        assertThat(verbose.exitCode()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains("the server does not know the stored auth key (-404)");
    }

    @Test
    void testDcOffersMtProxyWebSocketAndTlsListeners() throws Exception {
        byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        MtProxySecret secret = MtProxySecret.padded(key);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger(-1);
        TestDcOptions options = TestDcOptions.parse(
                java.util.List.of("--dc-id", "4", "--mtproxy", secret.toHex(), "--websocket", "--tls"));
        Thread server = Thread.ofVirtual().start(() -> {
            try {
                exit.set(TestDcCommand.run(options, out, stop));
            } catch (Exception e) {
                e.printStackTrace(out);
            }
        });
        try {
            String text = "";
            for (int i = 0; i < 1200 && !text.contains("press Ctrl-C to stop") && server.isAlive(); i++) {
                Thread.sleep(50);
                text = bytes.toString(StandardCharsets.UTF_8);
            }
            assertThat(text).contains("press Ctrl-C to stop");
            int begin = text.indexOf("-----BEGIN RSA PUBLIC KEY-----");
            int end = text.indexOf("-----END RSA PUBLIC KEY-----") + "-----END RSA PUBLIC KEY-----".length();
            Path rsa = Files.writeString(dir.resolve("dc.pem"), text.substring(begin, end) + "\n");
            int certBegin = text.indexOf("-----BEGIN CERTIFICATE-----");
            int certEnd = text.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
            assertThat(certBegin).as(text).isPositive();
            Path cert = Files.writeString(dir.resolve("cert.pem"), text.substring(certBegin, certEnd) + "\n");

            Matcher dc = Pattern.compile("test DC 4 listening on (127\\.0\\.0\\.1:\\d+)\n")
                    .matcher(text);
            Matcher proxy = Pattern.compile(
                            "MTProxy \\(dd secret\\) listening on 127\\.0\\.0\\.1:\\d+: (tg://proxy\\S+)\n")
                    .matcher(text);
            Matcher ws = Pattern.compile("WebSocket listening on ws://(127\\.0\\.0\\.1:\\d+)/apiws\n")
                    .matcher(text);
            Matcher wss = Pattern.compile("TLS WebSocket listening on wss://(127\\.0\\.0\\.1:\\d+)/apiws with")
                    .matcher(text);
            assertThat(dc.find() && proxy.find() && ws.find() && wss.find())
                    .as(text)
                    .isTrue();

            CliRun viaProxy = CliRun.of(
                    "connect",
                    "--dc",
                    dc.group(1),
                    "--dc-id",
                    "4",
                    "--rsa-key",
                    rsa.toString(),
                    "--proxy",
                    proxy.group(1));
            assertThat(viaProxy.exitCode()).as(viaProxy.err()).isZero();
            assertThat(viaProxy.out()).contains("  this_dc              4");

            CliRun viaWs = CliRun.of(
                    "connect",
                    "--dc",
                    ws.group(1),
                    "--dc-id",
                    "4",
                    "--rsa-key",
                    rsa.toString(),
                    "--transport",
                    "websocket");
            assertThat(viaWs.exitCode()).as(viaWs.err()).isZero();

            CliRun viaWss = CliRun.of(
                    "connect",
                    "--dc",
                    wss.group(1),
                    "--dc-id",
                    "4",
                    "--rsa-key",
                    rsa.toString(),
                    "--transport",
                    "websocket-secure",
                    "--trust-cert",
                    cert.toString());
            assertThat(viaWss.exitCode()).as(viaWss.err()).isZero();
            assertThat(viaWss.out()).contains("  this_dc              4");

            // without --trust-cert the JDK's trust store does not know the generated certificate
            CliRun untrusted = CliRun.of(
                    "connect",
                    "--dc",
                    wss.group(1),
                    "--dc-id",
                    "4",
                    "--rsa-key",
                    rsa.toString(),
                    "--transport",
                    "websocket-secure",
                    "--timeout",
                    "20s");
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.errLines()).hasSize(1);
            assertThat(untrusted.errLines().get(0))
                    .startsWith("step 2 (transport tag) failed: the server's TLS certificate is not trusted (a"
                            + " self-signed one can be trusted with --trust-cert FILE.pem): ");
        } finally {
            stop.countDown();
            server.join(10_000);
        }
        assertThat(exit.get()).isZero();
    }
}
