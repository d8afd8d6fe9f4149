package io.mtj.crypto;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: reads a file of the shared inputs directory (system property {@code mtj.shared}). A
 * missing file fails the test when {@code CI=true} and aborts it otherwise.
 */
final class SharedFiles {
    private SharedFiles() {}

    static String read(String relative) throws IOException {
        String dir = System.getProperty("mtj.shared");
        Path path = dir == null ? null : Path.of(dir, relative);
        if (path == null || !Files.isRegularFile(path)) {
            String why = "shared input " + relative + " not found (mtj.shared=" + dir + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return Files.readString(path, StandardCharsets.US_ASCII);
    }
}
