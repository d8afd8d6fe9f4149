package io.mtj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
    @Test
    void printsVersionLayerAndPassingSelfCheck() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = VersionCommand.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out.lines().toList())
                .startsWith("mtj 0.1.0-SNAPSHOT", "API layer 229")
                .contains(
                        "crypto self-check:",
                        "  AES-IGE encrypt (known answer): ok",
                        "  AES-IGE decrypt (known answer): ok",
                        "  AES-256-IGE round trip: ok",
                        "  SHA-256 (known answer): ok",
                        "  SHA-1 (known answer): ok",
                        "  pq factorisation (known answer): ok")
                .endsWith("crypto self-check ok");
    }

    @Test
    void everySelfCheckPasses() {
        assertThat(SelfCheck.run()).hasSize(6).allSatisfy(r -> assertThat(r.outcome())
                .isEqualTo("ok"));
    }
}
