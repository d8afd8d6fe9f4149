package io.mtj.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtj.tlgen.GeneratorOptions;
import io.mtj.tlgen.JavaGenerator;
import io.mtj.tlgen.TlSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Regenerates both schemas from ../shared/tl in memory and compares with the committed tree under
 * src/generated/java: same file set, same content. Fails (not skips) when the schemas are missing and CI=true.
 */
class GeneratedTreeTest {

    @Test
    void committedMtprotoSourcesMatchTheSchema() throws IOException {
        compare(SharedSchemas.parse("mtproto.tl"), SharedSchemas.MTPROTO);
    }

    @Test
    void committedTelegramSourcesMatchTheSchema() throws IOException {
        compare(SharedSchemas.parse("api.tl"), SharedSchemas.TELEGRAM);
    }

    private static void compare(TlSchema schema, GeneratorOptions options) throws IOException {
        Path root = Path.of(System.getProperty("mtj.repo", "../"), "mtj-api", "src", "generated", "java");
        SortedMap<String, String> expected = JavaGenerator.generate(schema, options);
        Path dir = root.resolve(options.packageName().replace('.', '/'));
        TreeSet<String> committed = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> committed.add(root.relativize(p).toString().replace('\\', '/')));
        }
        assertThat(committed).as("files in %s", dir).isEqualTo(expected.keySet());
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String actual = Files.readString(root.resolve(e.getKey()), StandardCharsets.UTF_8);
            if (!actual.equals(e.getValue())) {
                stale.add(e.getKey());
            }
        }
        assertThat(stale).as("stale generated files; run tools/regen-api.sh").isEmpty();
    }
}
