package io.mtj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Java example is {@link FirstProgram} from its first import on, character for character: the module
 * compiles it (against MTJ's exported packages only), this test keeps the README from drifting.
 */
class ReadmeExampleTest {
    private static Path repo() {
        return Path.of(System.getProperty("mtj.repo", ".."));
    }

    @Test
    void readmeShowsFirstProgramAsCompiled() throws IOException {
        String readme = Files.readString(repo().resolve("README.md"));
        int start = readme.indexOf("```java\n");
        assertThat(start).as("a ```java block in README.md").isNotNegative();
        int end = readme.indexOf("```\n", start + 8);
        String block = readme.substring(start + 8, end);
        String source =
                Files.readString(repo().resolve("mtj-examples/src/main/java/io/mtj/examples/FirstProgram.java"));
        assertThat(block).isEqualTo(source.substring(source.indexOf("import ")));
    }
}
