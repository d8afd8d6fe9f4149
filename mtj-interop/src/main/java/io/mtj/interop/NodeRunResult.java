package io.mtj.interop;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a node process did: its exit code (null when it was killed at the time limit), its standard
 * output lines and the tail of its standard error.
 */
public record NodeRunResult(@Nullable Integer exitCode, List<String> stdout, String stderrTail) {

    public NodeRunResult {
        stdout = List.copyOf(stdout);
    }

    public boolean timedOut() {
        return exitCode == null;
    }

    /** The last standard-output line that is a JSON object, if any. */
    public Optional<String> jsonLine() {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            String line = stdout.get(i).strip();
            if (line.startsWith("{") && line.endsWith("}")) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
