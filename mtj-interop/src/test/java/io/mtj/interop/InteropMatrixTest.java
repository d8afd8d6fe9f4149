package io.mtj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.crypto.RsaKeyPair;
import io.mtj.testdc.HandshakeException;
import io.mtj.testdc.TestDc;
import io.mtj.transport.mtproxy.MtProxySecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real clients from the npm registry against our test DC: each (client, transport) creates an auth
 * key and calls initConnection + help.getConfig, and must print the DC's config as a JSON line.
 */
class InteropMatrixTest {
    private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(25);
    private static final Duration PROCESS_LIMIT = SCRIPT_LIMIT.plusSeconds(15);
    private static final Map<String, String> MATRIX = new ConcurrentSkipListMap<>();

    @TempDir
    @SuppressWarnings("NullAway.Init")
    static Path dir;

    @SuppressWarnings("NullAway.Init") // set in @BeforeAll
    private static TestDc dc;

    @SuppressWarnings("NullAway.Init")
    private static Path keyFile;

    @SuppressWarnings("NullAway.Init")
    private static NodeRunner node;

    @SuppressWarnings("NullAway.Init")
    private static LoopbackProxy proxy;

    @SuppressWarnings("NullAway.Init")
    private static RsaKeyPair rsa;

    @BeforeAll
    static void startDc() throws IOException {
        node = NodeEnvironment.requireClients();
        rsa = RsaKeyPair.generate2048();
        dc = TestDc.builder()
                .apiRegistry(TelegramRegistry.registry())
                .rsaKey(rsa)
                .build();
        keyFile = Files.writeString(dir.resolve("testdc.pem"), dc.publicKeyPem());
        proxy = new LoopbackProxy();
    }

    @AfterAll
    static void stopDc() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (dc != null) {
            dc.close();
        }
        if (!MATRIX.isEmpty()) {
            StringBuilder s = new StringBuilder("interop matrix (client x transport -> result):\n");
            MATRIX.forEach((k, v) -> s.append(String.format("  %-28s %s%n", k, v)));
            System.out.print(s);
        }
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("mtcute", "intermediate"),
                Arguments.of("mtcute", "padded"),
                Arguments.of("mtcute", "obfuscated"),
                Arguments.of("mtcute", "obfuscated-padded"),
                Arguments.of("mtcute", "socks5"),
                Arguments.of("mtcute", "http"),
                Arguments.of("gramjs", "full"),
                Arguments.of("gramjs", "abridged"),
                Arguments.of("gramjs", "obfuscated"),
                Arguments.of("gramjs", "socks5"));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("matrix")
    void clientGetsConfig(String client, String transport) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--host", "127.0.0.1",
                "--port", Integer.toString(dc.port()),
                "--dc-id", Integer.toString(dc.dcId()),
                "--key-file", keyFile.toString(),
                "--transport", transport,
                "--timeout-ms", Long.toString(SCRIPT_LIMIT.toMillis())));
        int socksBefore = proxy.socksTunnels();
        int httpBefore = proxy.httpTunnels();
        if (transport.equals("socks5") || transport.equals("http")) {
            args.addAll(List.of("--proxy", transport + "://127.0.0.1:" + proxy.port()));
        }
        Row row = run(client + " x " + transport, client + ".mjs", args, dc);
        NodeRunResult r = row.result();
        String json = row.json();
        String reason = row.reason();

        assertThat(r.timedOut())
                .as("%s over %s was killed at %s; stderr: %s", client, transport, PROCESS_LIMIT, r.stderrTail())
                .isFalse();
        assertThat(json)
                .as("%s over %s: %s%nstderr: %s", client, transport, reason, r.stderrTail())
                .startsWith("{\"client\":\"" + client + "\",\"transport\":\"" + transport + "\",\"ok\":true,")
                .contains("\"this_dc\":" + dc.dcId() + ",")
                .contains("\"" + dc.dcId() + "@127.0.0.1:" + dc.port() + "\"");
        assertThat(r.exitCode()).isZero();
        assertNoClientErrors(client, client + " over " + transport, r);
        // the proxied runs really went through the proxy
        assertThat(proxy.socksTunnels() - socksBefore).isEqualTo(transport.equals("socks5") ? 1 : 0);
        assertThat(proxy.httpTunnels() - httpBefore).isEqualTo(transport.equals("http") ? 1 : 0);
    }

    /**
     * MTProxy rows: GramJS speaks plain and dd secrets (always abridged inside, no fake TLS); mtcute
     * speaks plain (intermediate), dd (padded intermediate) and ee (fake TLS, padded intermediate).
     */
    static Stream<Arguments> mtproxyMatrix() {
        return Stream.of(
                Arguments.of("mtcute", "plain"),
                Arguments.of("mtcute", "dd"),
                Arguments.of("mtcute", "ee"),
                Arguments.of("gramjs", "plain"),
                Arguments.of("gramjs", "dd"));
    }

    /**
     * Each row gets its own test DC with an MTProxy listener for that secret kind, reached through a
     * counting relay; the DC address the client is given is a closed port, so a client that went
     * around the proxy would fail.
     */
    @ParameterizedTest(name = "{0} over mtproxy-{1}")
    @MethodSource("mtproxyMatrix")
    void clientGetsConfigThroughMtProxy(String client, String kind) throws IOException, InterruptedException {
        byte[] key = new byte[MtProxySecret.KEY_LENGTH];
        RandomGenerator.getDefault().nextBytes(key);
        MtProxySecret secret =
                switch (kind) {
                    case "plain" -> MtProxySecret.plain(key);
                    case "dd" -> MtProxySecret.padded(key);
                    case "ee" -> MtProxySecret.fakeTls(key, "localhost");
                    default -> throw new IllegalArgumentException(kind);
                };
        String label = client + " x mtproxy-" + kind;
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (TestDc mtDc = TestDc.builder()
                        .apiRegistry(TelegramRegistry.registry())
                        .rsaKey(rsa)
                        .mtproxy(secret)
                        .build();
                CountingRelay relay = new CountingRelay(mtDc.mtproxyAddress())) {
            String url = "tg://proxy?server=127.0.0.1&port=" + relay.port() + "&secret=" + secret.toHex();
            List<String> args = List.of(
                    "--host", "127.0.0.1",
                    "--port", Integer.toString(deadPort),
                    "--dc-id", Integer.toString(mtDc.dcId()),
                    "--key-file", keyFile.toString(),
                    "--transport", "mtproxy",
                    "--proxy", url,
                    "--timeout-ms", Long.toString(SCRIPT_LIMIT.toMillis()));
            Row row = run(label, client + ".mjs", args, mtDc);
            NodeRunResult r = row.result();
            String json = row.json();
            String reason = row.reason();

            assertThat(r.timedOut())
                    .as("%s was killed at %s; stderr: %s", label, PROCESS_LIMIT, r.stderrTail())
                    .isFalse();
            assertThat(json)
                    .as("%s: %s%nstderr: %s", label, reason, r.stderrTail())
                    .startsWith("{\"client\":\"" + client + "\",\"transport\":\"mtproxy\",\"ok\":true,")
                    .contains("\"this_dc\":" + mtDc.dcId() + ",")
                    .contains("\"" + mtDc.dcId() + "@127.0.0.1:" + mtDc.port() + "\"");
            assertThat(r.exitCode()).isZero();
            assertNoClientErrors(client, label, r);
            assertThat(relay.connections())
                    .as("%s: connections through the MTProxy listener", label)
                    .isPositive();
            assertThat(mtDc.authKeysCreated())
                    .as("%s: auth keys created", label)
                    .isPositive();
        }
    }

    /**
     * A DC key whose fingerprint has a zero top nibble, as one random key in 16 has. mtcute 0.30.3 cannot
     * find such a key by itself (see {@code mtcute.mjs}); this row proves the harness works around it and
     * that our fingerprint is the one both clients compute. One CI run failed every mtcute row on such a
     * key before the work-around.
     */
    @ParameterizedTest(name = "{0} with a key whose fingerprint starts with a zero nibble")
    @MethodSource("clients")
    void clientFindsKeyWhoseFingerprintStartsWithZero(String client) throws IOException, InterruptedException {
        String label = client + " x fingerprint 0x0...";
        RsaKeyPair zeroKey = leadingZeroFingerprintKey();
        assertThat(zeroKey.publicKey().fingerprint() >>> 60).isZero();
        Path zeroKeyFile = Files.writeString(
                dir.resolve("zero-" + client + ".pem"), zeroKey.publicKey().toPem());
        try (TestDc zeroDc = TestDc.builder()
                .apiRegistry(TelegramRegistry.registry())
                .rsaKey(zeroKey)
                .build()) {
            List<String> args = List.of(
                    "--host", "127.0.0.1",
                    "--port", Integer.toString(zeroDc.port()),
                    "--dc-id", Integer.toString(zeroDc.dcId()),
                    "--key-file", zeroKeyFile.toString(),
                    "--transport", client.equals("mtcute") ? "intermediate" : "full",
                    "--timeout-ms", Long.toString(SCRIPT_LIMIT.toMillis()));
            Row row = run(label, client + ".mjs", args, zeroDc);
            NodeRunResult r = row.result();
            String json = row.json();
            String reason = row.reason();
            assertThat(json)
                    .as("%s: %s%nstderr: %s", label, reason, r.stderrTail())
                    .contains("\"ok\":true,");
            assertThat(r.exitCode()).isZero();
            assertNoClientErrors(client, label, r);
            // mtcute may need a second key exchange (see MTCUTE_UNPADDED_KEY_ERROR)
            assertThat(zeroDc.authKeysCreated())
                    .as("%s: auth keys created", label)
                    .isPositive();
        }
    }

    static Stream<String> clients() {
        return Stream.of("mtcute", "gramjs");
    }

    /** A fresh 2048-bit key whose fingerprint is below 2^60; about one key in 16 is. */
    private static RsaKeyPair leadingZeroFingerprintKey() {
        for (int attempt = 0; attempt < 400; attempt++) {
            RsaKeyPair k = RsaKeyPair.generate2048();
            if (k.publicKey().fingerprint() >>> 60 == 0) {
                return k;
            }
        }
        throw new AssertionError("no key with a zero top nibble in 400 attempts (expected about 1 in 16)");
    }

    /**
     * GramJS over WebSocket: its PromisedWebSockets (the browser default, usable from Node) opens
     * ws://127.0.0.1:port/apiws for any port but 443, carrying the obfuscated transport. The DC's
     * WebSocket listener sits behind a counting relay and is the only address the client is given.
     */
    @Test
    void gramjsGetsConfigOverWebSocket() throws IOException, InterruptedException {
        String label = "gramjs x websocket";
        try (TestDc wsDc = TestDc.builder()
                        .apiRegistry(TelegramRegistry.registry())
                        .rsaKey(rsa)
                        .webSocket(true)
                        .build();
                CountingRelay relay = new CountingRelay(wsDc.webSocketAddress())) {
            List<String> args = List.of(
                    "--host", "127.0.0.1",
                    "--port", Integer.toString(relay.port()),
                    "--dc-id", Integer.toString(wsDc.dcId()),
                    "--key-file", keyFile.toString(),
                    "--transport", "websocket",
                    "--timeout-ms", Long.toString(SCRIPT_LIMIT.toMillis()));
            Row row = run(label, "gramjs.mjs", args, wsDc);
            NodeRunResult r = row.result();
            String json = row.json();
            String reason = row.reason();

            assertThat(r.timedOut())
                    .as("%s was killed at %s; stderr: %s", label, PROCESS_LIMIT, r.stderrTail())
                    .isFalse();
            assertThat(json)
                    .as("%s: %s%nstderr: %s", label, reason, r.stderrTail())
                    .startsWith("{\"client\":\"gramjs\",\"transport\":\"websocket\",\"ok\":true,")
                    .contains("\"this_dc\":" + wsDc.dcId() + ",");
            assertThat(r.exitCode()).isZero();
            assertThat(relay.connections())
                    .as("%s: connections through the WebSocket listener", label)
                    .isPositive();
            assertThat(wsDc.authKeysCreated())
                    .as("%s: auth keys created", label)
                    .isPositive();
        }
    }

    /** Standard-output lines other than the JSON result: the client's own log (mtcute logs there). */
    private static List<String> logLines(NodeRunResult r) {
        return r.stdout().stream().filter(line -> !line.strip().startsWith("{")).toList();
    }

    /**
     * mtcute 0.30.3, like GramJS, drops the leading zero bytes of g_ab, so about one handshake in 200 ends
     * with its own "Step 4: invalid nonce hash" check failing; it then starts a new key exchange by itself,
     * which is why its rows still pass. That log line (and the stack lines under it) is expected now and
     * then and is the only error tolerated; GramJS gets a fix in gramjs-fixes.cjs instead, because it does
     * not retry.
     */
    private static final String MTCUTE_UNPADDED_KEY_ERROR = "Step 4: invalid nonce hash from server";

    /**
     * mtcute logs at level 1 (errors only) in these runs; an error line means it met something it did not
     * expect from our DC (a message wrapped the wrong way, say) even when the call itself succeeded.
     */
    private static void assertNoClientErrors(String client, String label, NodeRunResult r) {
        if (client.equals("mtcute")) {
            assertThat(logLines(r))
                    .as("%s: error lines mtcute logged", label)
                    .noneMatch(line -> line.contains("[ERR]") && !line.contains(MTCUTE_UNPADDED_KEY_ERROR));
        }
    }

    /** One client run: its result, its JSON line (empty if none) and the reason recorded in the matrix. */
    private record Row(NodeRunResult result, String json, String reason) {}

    /** Runs {@code script} and records the row as pass or as the failure's reason, with {@code served}'s view. */
    private static Row run(String label, String script, List<String> args, TestDc served)
            throws IOException, InterruptedException {
        NodeRunResult r = node.run(script, args, PROCESS_LIMIT);
        String json = r.jsonLine().orElse("");
        boolean passed = Integer.valueOf(0).equals(r.exitCode()) && json.contains("\"ok\":true");
        String reason = passed ? "pass" : "FAIL: " + failureReason(served, r, json);
        MATRIX.put(label, reason);
        return new Row(r, json, reason);
    }

    private static String failureReason(TestDc dc, NodeRunResult r, String json) {
        List<String> parts = new ArrayList<>();
        if (r.timedOut()) {
            parts.add("killed at the time limit");
        } else {
            parts.add("exit " + r.exitCode());
        }
        if (!json.isEmpty()) {
            parts.add(json);
        }
        List<String> log = logLines(r);
        if (!log.isEmpty()) {
            parts.add("client log (last " + log.size() + " lines): "
                    + String.join(" | ", log.subList(Math.max(0, log.size() - 12), log.size())));
        }
        try {
            HandshakeException h = dc.takeHandshakeFailure(Duration.ZERO);
            if (h != null) {
                parts.add("test DC rejected the handshake: " + h.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.join("; ", parts);
    }
}
