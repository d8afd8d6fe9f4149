package io.mtj.interop.bench;

import io.mtj.interop.NodeRunResult;
import io.mtj.interop.NodeRunner;
import io.mtj.testdc.FileStore;
import io.mtj.testdc.TestDc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side benchmark: one test DC in this JVM, and MTJ, mtcute and GramJS each run in a fresh process of
 * its own against it, interleaved (the order rotates every round), so that the machine's load falls on all three
 * alike. Prints every run's figures and a table of medians with MTJ's advantage over each peer. The DC's CPU is
 * this process's; the clients' CPU figures are their own processes'. Run with {@code tools/side-by-side.sh}.
 *
 * <p>Options: {@code --rounds N} (3), {@code --phase-ms N} (3000), {@code --later-connects N} (5), {@code
 * --clients mtj,mtcute,gramjs}; the client {@code mtjinline} is MTJ with futures completed on the session's reader
 * thread ({@code SessionOptions.withCompletions(Runnable::run)}) instead of the session's completion thread, and
 * {@code mtjbase} is MTJ from another build (its class path in {@code -Dmtj.bench.baseline}, or
 * {@code MTJ_BENCH_BASELINE} for the script), so a change is measured before and after in one interleaved run.
 */
public final class SideBySide {
    private static final long DOC_ID = 0x4d544a0001L;
    private static final long DOC_HASH = 0x5eed5eed5eedL;
    private static final int DOC_SIZE = 8 << 20;

    private SideBySide() {}

    /** One row of the table: a figure and whether a higher value is better. */
    private record Row(String label, String key, boolean higherIsBetter, String unit) {}

    private static final List<Row> ROWS = List.of(
            new Row(
                    "first connect in a fresh process, in-process time to the help.getConfig answer",
                    "first_connect_ms",
                    false,
                    "ms"),
            new Row("of that, the key exchange", "first_kex_ms", false, "ms"),
            new Row("later connects in the same process (new key each)", "later_connect_ms", false, "ms"),
            new Row(
                    "pipelined calls/s on one connection (help.getNearestDc, in flight: see header)",
                    "calls_per_s",
                    true,
                    "/s"),
            new Row("client CPU per pipelined call (process CPU, DC excluded)", "cpu_us_per_call", false, "us"),
            new Row("pipelined calls/s once warm (after 3 more phases of them)", "calls_per_s_warm", true, "/s"),
            new Row("client CPU per pipelined call once warm", "cpu_us_per_call_warm", false, "us"),
            new Row("sequential call latency, median", "lat_median_us", false, "us"),
            new Row("sequential call latency, p99", "lat_p99_us", false, "us"),
            new Row("download, 1 MiB answers, one in flight", "download_mb_s", true, "MiB/s"),
            new Row("upload, 512 KiB requests, one in flight", "upload_mb_s", true, "MiB/s"),
            new Row("download, 8 MiB with the library's helper, one connection", "download_helper_mb_s", true, "MiB/s"),
            new Row("upload, 8 MiB with the library's helper, one connection", "upload_helper_mb_s", true, "MiB/s"));

    /** System property: the class path of another build's MtjBenchClient, for the client {@code mtjbase}. */
    static final String BASELINE_PROPERTY = "mtj.bench.baseline";

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long phaseMs = 3000;
        int later = 5;
        List<String> clients = List.of("mtj", "mtcute", "gramjs");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--phase-ms" -> phaseMs = Long.parseLong(args[i + 1]);
                case "--later-connects" -> later = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = List.of(args[i + 1].split(","));
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --rounds N, --phase-ms N, --later-connects N, --clients mtj,mtcute,gramjs)");
            }
        }
        NodeRunner node = new NodeRunner(NodeRunner.defaultDirectory(), "node");
        if (clients.stream().anyMatch(c -> !c.equals("mtj")) && !node.clientsInstalled()) {
            throw new IllegalStateException(
                    "mtcute and GramJS are not installed in " + node.directory() + ": run tools/install-interop.sh");
        }
        Path dir = Files.createTempDirectory("mtj-side-by-side");
        byte[] doc = new byte[DOC_SIZE];
        new SplittableRandom(13).nextBytes(doc);
        try (TestDc dc = TestDc.builder().files(new FileStore(64L << 20)).build()) {
            dc.files().putDocument(DOC_ID, DOC_HASH, doc);
            Path key = Files.writeString(dir.resolve("dc.pem"), dc.publicKeyPem());
            BenchOptions o = new BenchOptions(
                    dc.port(), key, later, Duration.ofMillis(phaseMs), 100, DOC_ID, DOC_HASH, DOC_SIZE);
            System.out.printf(
                    Locale.ROOT,
                    "# side by side, %s, %d rounds, %d ms phases, java %s, node %s%n",
                    Instant.now(),
                    rounds,
                    phaseMs,
                    Runtime.version(),
                    node.nodeVersion());
            Map<String, List<BenchFigures>> results = new LinkedHashMap<>();
            clients.forEach(c -> results.put(c, new ArrayList<>()));
            List<String> loads = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                loads.add(loadAverage());
                for (int k = 0; k < clients.size(); k++) {
                    String client = clients.get((r + k) % clients.size());
                    BenchFigures f = run(client, o, node);
                    System.out.printf(
                            Locale.ROOT, "# round %d %s: %s%n", r + 1, client, f == null ? "FAILED" : f.toJson());
                    if (f != null) {
                        results.get(client).add(f);
                    }
                }
            }
            loads.add(loadAverage());
            System.out.println(
                    "# load average (1/5/15 min) before each round and at the end: " + String.join(" | ", loads));
            System.out.print(table(results, clients, rounds));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static @org.jspecify.annotations.Nullable BenchFigures run(String client, BenchOptions o, NodeRunner node)
            throws IOException, InterruptedException {
        Duration limit = Duration.ofMillis(o.phase().toMillis() * 12 + 120_000);
        List<String> lines;
        String stderr;
        if (client.startsWith("mtj")) {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            if (client.equals("mtjinline")) {
                cmd.add("-D" + MtjBenchClient.INLINE_PROPERTY + "=true");
            }
            cmd.add("-cp");
            // "mtjbase": the same client from another build (before/after in one run), its class path given
            String baseline = System.getProperty(BASELINE_PROPERTY);
            if (client.equals("mtjbase") && (baseline == null || baseline.isBlank())) {
                throw new IllegalStateException("the client mtjbase needs -D" + BASELINE_PROPERTY
                        + "=<class path of the baseline build's mtj-interop and its dependencies>");
            }
            cmd.add(client.equals("mtjbase") ? baseline : System.getProperty("java.class.path"));
            cmd.add(MtjBenchClient.class.getName());
            cmd.addAll(o.toArgs());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            lines = new ArrayList<>();
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
            stderr = String.join("\n", lines);
        } else {
            NodeRunResult r = node.run("bench-" + client + ".mjs", o.toArgs(), limit);
            lines = r.stdout();
            stderr = r.stderrTail();
        }
        for (String line : lines) {
            BenchFigures f = BenchFigures.parse(line);
            if (f != null && !line.contains("\"ok\":false")) {
                return f;
            }
        }
        System.out.println("# " + client + " failed: " + String.join(" ", lines) + " " + stderr);
        return null;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String table(Map<String, List<BenchFigures>> results, List<String> clients, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("\nMedians of ")
                .append(rounds)
                .append(" interleaved rounds; 100 calls in flight when pipelined. ")
                .append("\"MTJ x\" = how many times better MTJ is than that peer (>1: MTJ ahead; for times peer/MTJ, ")
                .append("for rates MTJ/peer).\n\n| |");
        for (String c : clients) {
            b.append(' ').append(c).append(" |");
        }
        for (String c : clients) {
            if (!c.equals("mtj")) {
                b.append(" MTJ x ").append(c).append(" |");
            }
        }
        b.append("\n|---|");
        b.append("---:|".repeat(clients.size() * 2 - (clients.contains("mtj") ? 1 : 0)));
        b.append('\n');
        for (Row row : ROWS) {
            b.append("| ").append(row.label()).append(" (").append(row.unit()).append(") |");
            Map<String, Double> medians = new LinkedHashMap<>();
            for (String c : clients) {
                double[] v = results.get(c).stream()
                        .mapToDouble(f -> f.get(row.key()))
                        .filter(d -> !Double.isNaN(d))
                        .toArray();
                double m = v.length == 0 ? Double.NaN : BenchFigures.median(v);
                medians.put(c, m);
                b.append(' ').append(format(m)).append(" |");
            }
            double mtj = medians.getOrDefault("mtj", Double.NaN);
            for (String c : clients) {
                if (!c.equals("mtj")) {
                    double peer = medians.get(c);
                    double x = row.higherIsBetter() ? mtj / peer : peer / mtj;
                    b.append(' ')
                            .append(Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f", x))
                            .append(" |");
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
