package io.mtj.bench.client;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.testdc.TestDc;
import io.mtj.transport.Endpoint;
import io.mtj.transport.FrameListener;
import io.mtj.transport.Framing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's CPU time and heap allocation per pipelined call, the DC's excluded: one test DC in this JVM, each
 * client configuration in a fresh JVM of its own (so its process CPU is the client's alone), the configurations
 * interleaved round by round. Each client connects, keeps {@code --in-flight} help.getNearestDc calls in flight for a
 * warm-up and then for {@code --seconds}, and reports process CPU, bytes allocated (every thread of the process,
 * carriers of virtual threads included) and calls per second over the measured part. Configurations: {@code default}
 * ({@link SessionOptions#defaults()}), {@code inline} (futures completed on the reader thread), {@code vthread} (a new
 * virtual thread per completion, the default before issue 13). Extra JVM options for the clients (a JFR recording)
 * go in {@code --jvm}.
 *
 * <pre>java -cp mtj-bench/target/benchmarks.jar io.mtj.bench.client.ClientCpu --rounds 3 --seconds 5
 *     [--modes default,inline,vthread] [--jvm -XX:StartFlightRecording=filename=/tmp/c.jfr]</pre>
 */
public final class ClientCpu {
    private ClientCpu() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--client")) {
            client(args);
            return;
        }
        int rounds = 3;
        int seconds = 5;
        int inFlight = 100;
        List<String> modes = List.of("default", "inline", "vthread");
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[i + 1]);
                case "--modes" -> modes = List.of(args[i + 1].split(","));
                case "--jvm" -> jvm.addAll(List.of(args[i + 1].split(" ")));
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--rounds N, --seconds N, --in-flight N, --modes a,b, --jvm 'options')");
            }
        }
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        try (TestDc dc = TestDc.builder().build()) {
            String pem = java.util.Base64.getEncoder()
                    .encodeToString(dc.publicKeyPem().getBytes(StandardCharsets.UTF_8));
            for (int r = 0; r < rounds; r++) {
                String load = IdleLoad.now();
                for (int k = 0; k < modes.size(); k++) {
                    String mode = modes.get((r + k) % modes.size());
                    List<String> cmd = new ArrayList<>();
                    cmd.add(ProcessHandle.current().info().command().orElse("java"));
                    cmd.addAll(jvm);
                    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientCpu.class.getName()));
                    cmd.addAll(List.of(
                            "--client",
                            mode,
                            String.valueOf(dc.port()),
                            pem,
                            String.valueOf(seconds),
                            String.valueOf(inFlight)));
                    Process p =
                            new ProcessBuilder(cmd).redirectErrorStream(true).start();
                    String figures = null;
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith("FIGURES ")) {
                                figures = line.substring(8);
                            } else {
                                System.out.println("  " + mode + ": " + line);
                            }
                        }
                    }
                    p.waitFor(5, TimeUnit.MINUTES);
                    if (figures == null) {
                        System.out.printf(Locale.ROOT, "round %d %-8s FAILED%n", r + 1, mode);
                        continue;
                    }
                    double[] v = Arrays.stream(figures.split(" "))
                            .mapToDouble(Double::parseDouble)
                            .toArray();
                    results.computeIfAbsent(mode, m -> new ArrayList<>()).add(v);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d %-8s %7.2f us CPU/call (%5.2f system) %8.0f B/call %9.0f calls/s, calls per packet"
                                    + " %.1f sent %.1f received  (load %s)%n",
                            r + 1,
                            mode,
                            v[0],
                            v[3],
                            v[1],
                            v[2],
                            v[4],
                            v[5],
                            load);
                }
            }
        }
        System.out.println("medians:");
        results.forEach((mode, list) -> System.out.printf(
                Locale.ROOT,
                "  %-8s %7.2f us CPU/call (%5.2f system) %8.0f B/call %9.0f calls/s%n",
                mode,
                median(list, 0),
                median(list, 3),
                median(list, 1),
                median(list, 2)));
        System.out.println("load at the end " + IdleLoad.now());
        System.exit(0);
    }

    private static double median(List<double[]> list, int i) {
        double[] v = list.stream().mapToDouble(a -> a[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void client(String[] args) throws Exception {
        String mode = args[1];
        int port = Integer.parseInt(args[2]);
        RsaPublicKey key =
                RsaPublicKey.fromPem(new String(java.util.Base64.getDecoder().decode(args[3]), StandardCharsets.UTF_8));
        Duration measured = Duration.ofSeconds(Integer.parseInt(args[4]));
        int inFlight = Integer.parseInt(args[5]);
        SessionOptions options =
                switch (mode) {
                    case "default" -> SessionOptions.defaults();
                    case "inline" -> SessionOptions.defaults().withCompletions(Runnable::run);
                    case "vthread" ->
                        SessionOptions.defaults().withCompletions((Executor)
                                task -> Thread.ofVirtual().start(task));
                    default -> throw new IllegalArgumentException("unknown mode " + mode);
                };
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        try (TelegramClient c = new TelegramClient(ClientConfig.builder(2040, "b18441a1ff607e10a989891a5462e627")
                .frameListener((direction, framing, bytes, off, len, quickAck) ->
                        (direction == FrameListener.Direction.SENT ? sent : received).incrementAndGet())
                .endpoint(Endpoint.of("127.0.0.1", port, 2))
                .serverKeys(List.of(key))
                .framing(Framing.INTERMEDIATE)
                .callTimeout(Duration.ofSeconds(60))
                .reconnect(ReconnectPolicy.NEVER)
                .sessionOptions(options)
                .build())) {
            c.connect();
            window(c, inFlight, Duration.ofSeconds(2));
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long cpu0 = os.getProcessCpuTime();
            long[] ticks0 = ticks();
            long alloc0 = threads.getTotalThreadAllocatedBytes();
            long sent0 = sent.get();
            long received0 = received.get();
            long t0 = System.nanoTime();
            long calls = window(c, inFlight, measured);
            long wall = System.nanoTime() - t0;
            long alloc = threads.getTotalThreadAllocatedBytes() - alloc0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long[] ticks1 = ticks();
            System.out.printf(
                    Locale.ROOT,
                    "FIGURES %.3f %.1f %.1f %.3f %.2f %.2f%n",
                    cpu / 1e3 / calls,
                    (double) alloc / calls,
                    calls / (wall / 1e9),
                    // the kernel's share (system time), in us per call, at 100 ticks per second
                    (ticks1[1] - ticks0[1]) * 1e4 / calls,
                    (double) calls / (sent.get() - sent0),
                    (double) calls / (received.get() - received0));
        }
        System.exit(0);
    }

    /** User and system CPU ticks of this process, from /proc/self/stat (zeros where there is none). */
    private static long[] ticks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /** Keeps {@code window} calls in flight for {@code time} (as the side-by-side harness does). */
    static long window(TelegramClient c, int window, Duration time) throws Exception {
        Semaphore slots = new Semaphore(window);
        AtomicLong answered = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end && failure.get() == null) {
            slots.acquire();
            c.invoke(new HelpGetNearestDc()).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    answered.incrementAndGet();
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(window, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pipelined calls still unanswered after 60 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a pipelined call failed", failure.get());
        }
        return answered.get();
    }

    /** The load average, for the record. */
    static final class IdleLoad {
        private IdleLoad() {}

        static String now() {
            try {
                String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                        .trim()
                        .split(" ");
                return parts[0] + " " + parts[1] + " " + parts[2];
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }
    }
}
