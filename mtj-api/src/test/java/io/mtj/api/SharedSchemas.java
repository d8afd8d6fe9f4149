package io.mtj.api;

import static org.junit.jupiter.api.Assertions.fail;

import io.mtj.tlgen.GeneratorOptions;
import io.mtj.tlgen.SchemaParser;
import io.mtj.tlgen.TlSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/tl (system property mtj.shared); missing files fail under CI=true, else skip. */
final class SharedSchemas {
    static final GeneratorOptions MTPROTO = GeneratorOptions.of("io.mtj.api.mtproto", "mtproto.tl")
            .withBinaryStrings(true)
            .withServiceSpecials(true);
    static final GeneratorOptions TELEGRAM = GeneratorOptions.of("io.mtj.api.telegram", "api.tl");

    private SharedSchemas() {}

    static Path file(String name) {
        String shared = System.getProperty("mtj.shared", "../../shared");
        Path path = Path.of(shared, "tl", name);
        if (!Files.isRegularFile(path)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("schema " + path.toAbsolutePath() + " is missing (CI=true, so this test may not skip)");
            }
            Assumptions.abort("schema " + path.toAbsolutePath() + " not present");
        }
        return path;
    }

    static TlSchema parse(String name) throws IOException {
        Path path = file(name);
        return SchemaParser.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    }
}
