package io.mtj.bench.sessions;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.core.ClientConfig;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.TelegramClient;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap per idle connected session: starts a test DC in a child JVM ({@link DcProcess}), connects {@code --sessions}
 * clients (each with its own key exchange, {@code --parallel} at a time), lets them idle, and reports the heap in use
 * after a full GC before and after, per session. Then checks a sample still answers. Run:
 *
 * <pre>java -Xmx4g -cp mtj-bench/target/benchmarks.jar io.mtj.bench.sessions.IdleSessions --sessions 10000</pre>
 */
public final class IdleSessions {
    private IdleSessions() {}

    public static void main(String[] args) throws Exception {
        int sessions = 10_000;
        int parallel = 32;
        boolean histogram = false;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
                case "--histogram" -> histogram = Integer.parseInt(args[i + 1]) > 0;
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + " (--sessions N, --parallel N)");
            }
        }
        Process dc = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        DcProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(dc.getInputStream(), StandardCharsets.UTF_8));
            int port = Integer.parseInt(out.readLine().substring("PORT ".length()));
            RsaPublicKey key = RsaPublicKey.fromPem(new String(
                    Base64.getDecoder().decode(out.readLine().substring("KEY ".length())), StandardCharsets.UTF_8));
            run(port, key, sessions, parallel, histogram);
        } finally {
            dc.getOutputStream().close();
            dc.destroy();
        }
        System.exit(0);
    }

    static ClientConfig config(int port, RsaPublicKey key) {
        return ClientConfig.builder(2040, "b18441a1ff607e10a989891a5462e627")
                .endpoint(Endpoint.of("127.0.0.1", port, 2))
                .serverKeys(List.of(key))
                .framing(Framing.INTERMEDIATE)
                .reconnect(ReconnectPolicy.NEVER)
                .build();
    }

    private static void run(int port, RsaPublicKey key, int sessions, int parallel, boolean histogram)
            throws Exception {
        // one client first, so classes, the registry and other one-time state are not counted per session
        TelegramClient warm = new TelegramClient(config(port, key));
        warm.connect();
        long before = heapAfterGc();
        System.out.printf(Locale.ROOT, "load %s; heap after GC with one client: %,d bytes%n", load(), before);
        List<TelegramClient> clients = new ArrayList<>(sessions);
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(parallel);
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TelegramClient>> futures = new ArrayList<>(sessions);
            for (int i = 0; i < sessions; i++) {
                slots.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        TelegramClient c = new TelegramClient(config(port, key));
                        c.connect();
                        return c;
                    } catch (Exception e) {
                        if (failed.incrementAndGet() <= 5) {
                            System.out.println("connect failed: " + e);
                        }
                        return null;
                    } finally {
                        slots.release();
                    }
                }));
                if ((i + 1) % 1000 == 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "%,d started, %.0f s, load %s%n",
                            i + 1,
                            (System.nanoTime() - t0) / 1e9,
                            load());
                }
            }
            for (Future<TelegramClient> f : futures) {
                TelegramClient c = f.get();
                if (c != null) {
                    clients.add(c);
                }
            }
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(5000); // idle: acks flushed, nothing in flight
        long after = heapAfterGc();
        int n = clients.size();
        System.out.printf(
                Locale.ROOT,
                "%,d sessions connected (%d failed) in %.1f s with %d in parallel; heap after GC: %,d bytes; "
                        + "per idle session: %,.0f bytes (%.1f KiB); load %s%n",
                n,
                failed.get(),
                connectSeconds,
                parallel,
                after,
                (after - before) / (double) n,
                (after - before) / (double) n / 1024,
                load());
        if (histogram) {
            // the classes holding the heap, largest first (jcmd of the same JDK)
            String jcmd =
                    ProcessHandle.current().info().command().orElse("java").replaceAll("java$", "jcmd");
            new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                    .inheritIO()
                    .start()
                    .waitFor();
        }
        int alive = 0;
        for (int i = 0; i < n; i += Math.max(1, n / 100)) {
            clients.get(i).invokeBlocking(new HelpGetNearestDc());
            alive++;
        }
        System.out.printf(Locale.ROOT, "%d sampled sessions answered help.getNearestDc afterwards%n", alive);
        clients.forEach(TelegramClient::close);
        warm.close();
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim()
                    .split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
