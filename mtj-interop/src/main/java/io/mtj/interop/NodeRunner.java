package io.mtj.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code node --require ./guard.cjs SCRIPT ARGS...} in the interop directory, so every
 * connection the script attempts to anything but loopback is refused, and waits for it within a
 * time limit. A process still running at the limit is killed (with its children).
 */
public final class NodeRunner {
    /** How many characters of standard error are kept for a failure report. */
    static final int STDERR_TAIL = 4000;

    private static final int MAX_STDOUT_LINES = 1000;

    private final Path directory;
    private final String node;

    /**
     * @param directory the folder holding guard.cjs, the scripts and node_modules
     * @param node the node executable, {@code "node"} to take it from PATH
     */
    public NodeRunner(Path directory, String node) {
        this.directory = directory;
        this.node = node;
    }

    /** The interop folder of this repository: {@code mtj-interop/node}. */
    public static Path defaultDirectory() {
        String repo = System.getProperty("mtj.repo");
        Path base = repo != null ? Path.of(repo, "mtj-interop") : Path.of("").toAbsolutePath();
        return base.resolve("node");
    }

    public Path directory() {
        return directory;
    }

    /** True when {@code node_modules} holds both clients (tools/install-interop.sh ran). */
    public boolean clientsInstalled() {
        Path modules = directory.resolve("node_modules");
        return Files.isRegularFile(modules.resolve("@mtcute/node/package.json"))
                && Files.isRegularFile(modules.resolve("telegram/package.json"));
    }

    /** The node version string, or null when node cannot be started. */
    public @org.jspecify.annotations.Nullable String nodeVersion() {
        try {
            NodeRunResult r = exec(List.of(node, "--version"), Duration.ofSeconds(20));
            return r.exitCode() != null && r.exitCode() == 0 && !r.stdout().isEmpty()
                    ? r.stdout().get(0).strip()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Runs {@code script} under the loopback guard. */
    public NodeRunResult run(String script, List<String> args, Duration limit) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(node);
        command.add("--require");
        command.add("./guard.cjs");
        command.add(script);
        command.addAll(args);
        return exec(command, limit);
    }

    private NodeRunResult exec(List<String> command, Duration limit) throws IOException {
        Path stderr = Files.createTempFile("mtj-node-", ".stderr");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectError(stderr.toFile());
            pb.environment().put("NO_COLOR", "1");
            Process process = pb.start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofVirtual().name("node-stdout").start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (lines.size() < MAX_STDOUT_LINES) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the process was killed; what was read is kept
                }
            });
            Integer exit = null;
            try {
                if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    exit = process.exitValue();
                } else {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                reader.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + command, e);
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            String tail = err.length() > STDERR_TAIL ? err.substring(err.length() - STDERR_TAIL) : err;
            synchronized (lines) {
                return new NodeRunResult(exit, List.copyOf(lines), tail);
            }
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
