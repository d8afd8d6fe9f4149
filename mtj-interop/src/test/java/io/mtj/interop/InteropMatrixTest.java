package io.mtj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.api.telegram.TelegramRegistry;
import io.mtj.testdc.HandshakeException;
import io.mtj.testdc.TestDc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

    @BeforeAll
    static void startDc() throws IOException {
        node = NodeEnvironment.requireClients();
        dc = TestDc.builder().apiRegistry(TelegramRegistry.registry()).build();
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
        NodeRunResult r = node.run(client + ".mjs", args, PROCESS_LIMIT);
        String json = r.jsonLine().orElse("");
        boolean passed = Integer.valueOf(0).equals(r.exitCode()) && json.contains("\"ok\":true");
        String reason = passed ? "pass" : "FAIL: " + failureReason(r, json);
        MATRIX.put(client + " x " + transport, reason);

        assertThat(r.timedOut())
                .as("%s over %s was killed at %s; stderr: %s", client, transport, PROCESS_LIMIT, r.stderrTail())
                .isFalse();
        assertThat(json)
                .as("%s over %s: %s%nstderr: %s", client, transport, reason, r.stderrTail())
                .startsWith("{\"client\":\"" + client + "\",\"transport\":\"" + transport + "\",\"ok\":true,")
                .contains("\"this_dc\":" + dc.dcId() + ",")
                .contains("\"" + dc.dcId() + "@127.0.0.1:" + dc.port() + "\"");
        assertThat(r.exitCode()).isZero();
        // the proxied runs really went through the proxy
        assertThat(proxy.socksTunnels() - socksBefore).isEqualTo(transport.equals("socks5") ? 1 : 0);
        assertThat(proxy.httpTunnels() - httpBefore).isEqualTo(transport.equals("http") ? 1 : 0);
    }

    private static String failureReason(NodeRunResult r, String json) {
        List<String> parts = new ArrayList<>();
        if (r.timedOut()) {
            parts.add("killed at the time limit");
        } else {
            parts.add("exit " + r.exitCode());
        }
        if (!json.isEmpty()) {
            parts.add(json);
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
