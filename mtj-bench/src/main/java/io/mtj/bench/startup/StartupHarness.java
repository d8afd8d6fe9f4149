package io.mtj.bench.startup;

import io.mtj.crypto.RsaKeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times fresh JVMs, interleaved, for issue 9's start-up targets: {@link FirstConnect} (main to the help.getConfig
 * answer of an embedded test DC) and {@code mtj version} ({@code io.mtj.cli.Main version}, fork to exit). Each
 * build under test is a class path (for example the CLI's shaded jar of main and of a branch); every round runs
 * each build once, so load on the shared machine falls on all of them alike. Then one more run of each, with
 * {@code -Xlog:class+load}, counts the classes loaded.
 *
 * <pre>
 * java -cp mtj-bench/target/benchmarks.jar io.mtj.bench.startup.StartupHarness [--rounds N] [--java PATH]
 *     before=/tmp/before.jar after=mtj-cli/target/mtj-cli-0.1.0-SNAPSHOT-all.jar
 * </pre>
 *
 * <p>{@link FirstConnect} runs from a copy of its class file alone, ahead of the build's class path, so the
 * harness's own jar (which bundles the current modules) never shadows the build under test.
 */
public final class StartupHarness {
    private static final Pattern ANSWER = Pattern.compile("answer=([0-9.]+) cpu=(-?[0-9]+)");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path javaBin;
    private final Path work;
    private final Path key;

    private StartupHarness(Path javaBin, Path work, Path key) {
        this.javaBin = javaBin;
        this.work = work;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Map<String, String> builds = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--java" -> javaBin = Path.of(args[++i]);
                default -> {
                    int eq = args[i].indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("expected name=classpath, got " + args[i]);
                    }
                    builds.put(args[i].substring(0, eq), args[i].substring(eq + 1));
                }
            }
        }
        if (builds.isEmpty()) {
            System.err.println("usage: StartupHarness [--rounds N] [--java PATH] name=classpath...");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("mtj-startup");
        Path key = work.resolve("dc-key.pem");
        Files.writeString(key, RsaKeyPair.generate2048().toPrivatePem(), StandardCharsets.US_ASCII);
        copyProbe(work);
        try {
            new StartupHarness(javaBin, work, key).run(rounds, builds);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copyProbe(Path work) throws IOException {
        String name = FirstConnect.class.getName().replace('.', '/') + ".class";
        Path target = work.resolve("probe").resolve(name);
        Files.createDirectories(target.getParent());
        try (InputStream in = FirstConnect.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not found on the class path");
            }
            Files.copy(in, target);
        }
    }

    private void run(int rounds, Map<String, String> builds) throws Exception {
        Map<String, List<Double>> answer = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> connectWall = new LinkedHashMap<>();
        Map<String, List<Double>> versionWall = new LinkedHashMap<>();
        builds.keySet().forEach(b -> {
            answer.put(b, new ArrayList<>());
            cpu.put(b, new ArrayList<>());
            connectWall.put(b, new ArrayList<>());
            versionWall.put(b, new ArrayList<>());
        });
        System.out.println("java " + javaBin + ", " + rounds + " rounds, load average before: " + loadAverage());
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, String> b : builds.entrySet()) {
                Run c = connect(b.getValue(), List.of());
                Run v = version(b.getValue(), List.of());
                answer.get(b.getKey()).add(c.answerMillis());
                cpu.get(b.getKey()).add(c.cpuMillis());
                connectWall.get(b.getKey()).add(c.wallMillis());
                versionWall.get(b.getKey()).add(v.wallMillis());
                System.out.printf(
                        "round %d %-8s main->answer %7.1f ms (cpu %5.0f ms), connect process %7.1f ms, version process"
                                + " %6.1f ms, load %s%n",
                        round,
                        b.getKey(),
                        c.answerMillis(),
                        c.cpuMillis(),
                        c.wallMillis(),
                        v.wallMillis(),
                        loadAverage());
            }
        }
        System.out.println();
        System.out.println("| build | main -> help.getConfig answer | process CPU by then | connect process"
                + " | `mtj version` process | classes loaded (connect) | of them io.mtj.api | lambda/hidden"
                + " | classes loaded (version) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, String> b : builds.entrySet()) {
            ClassCount c = classes(b.getValue(), true);
            ClassCount v = classes(b.getValue(), false);
            System.out.printf(
                    "| %s | %s | %s | %s | %s | %,d | %,d | %,d | %,d |%n",
                    b.getKey(),
                    summary(answer.get(b.getKey())),
                    summary(cpu.get(b.getKey())),
                    summary(connectWall.get(b.getKey())),
                    summary(versionWall.get(b.getKey())),
                    c.total(),
                    c.api(),
                    c.hidden(),
                    v.total());
        }
        System.out.println();
        System.out.println(
                "medians (min-max) in ms over " + rounds + " fresh JVMs each; load average after: " + loadAverage());
    }

    private record Run(double answerMillis, double cpuMillis, double wallMillis, String output) {}

    private record ClassCount(int total, int api, int hidden) {}

    private Run connect(String classPath, List<String> jvmOptions) throws Exception {
        String cp = work.resolve("probe") + java.io.File.pathSeparator + classPath;
        List<String> command = new ArrayList<>(List.of(javaBin.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", cp, FirstConnect.class.getName(), key.toString()));
        Run r = exec(command);
        Matcher m = ANSWER.matcher(r.output());
        if (!m.find()) {
            throw new IOException("no answer in the output of " + command + ":\n" + r.output());
        }
        return new Run(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), r.wallMillis(), r.output());
    }

    private Run version(String classPath, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin.toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "io.mtj.cli.Main", "version"));
        Run r = exec(command);
        if (!r.output().contains("self-check ok")) {
            throw new IOException("mtj version failed:\n" + r.output());
        }
        return r;
    }

    private ClassCount classes(String classPath, boolean connect) throws Exception {
        Path log = work.resolve("classes-" + System.nanoTime() + ".log");
        List<String> options = List.of("-Xlog:class+load=info:file=" + log);
        if (connect) {
            connect(classPath, options);
        } else {
            version(classPath, options);
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        int api = 0;
        int hidden = 0;
        for (String line : lines) {
            if (line.contains(" io.mtj.api.")) {
                api++;
            }
            if (line.contains("$$Lambda") || line.contains("LambdaForm$") || line.contains("/0x")) {
                hidden++;
            }
        }
        return new ClassCount(lines.size(), api, hidden);
    }

    private Run exec(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
        }
        double wall = (System.nanoTime() - start) / 1e6;
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + " from " + command + ":\n" + text);
        }
        return new Run(Double.NaN, Double.NaN, wall, text);
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format("%,.0f (%,.0f-%,.0f)", median, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
