package io.mtj.interop.bench;

import io.mtj.api.telegram.HelpGetNearestDc;
import io.mtj.api.telegram.InputDocumentFileLocation;
import io.mtj.api.telegram.UploadFile;
import io.mtj.api.telegram.UploadGetFile;
import io.mtj.api.telegram.UploadSaveFilePart;
import io.mtj.core.ClientConfig;
import io.mtj.core.ConnectionListener;
import io.mtj.core.ReconnectPolicy;
import io.mtj.core.SessionOptions;
import io.mtj.core.TelegramClient;
import io.mtj.core.files.FileDownloader;
import io.mtj.core.files.FileUploader;
import io.mtj.core.files.TransferProgress;
import io.mtj.crypto.RsaPublicKey;
import io.mtj.transport.Endpoint;
import io.mtj.transport.Framing;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MTJ's side of the side-by-side benchmark, run by {@link SideBySide} in a fresh JVM: the same phases as the node
 * scripts' {@code bench-common.mjs}, one JSON line of figures on standard output.
 */
public final class MtjBenchClient {
    /** System property: "true" completes futures on the reader thread (the column {@code mtjinline}). */
    static final String INLINE_PROPERTY = "mtj.bench.inlineCompletions";

    private static final boolean INLINE = Boolean.getBoolean(INLINE_PROPERTY);

    private MtjBenchClient() {}

    public static void main(String[] args) throws Exception {
        long startNanos = System.nanoTime();
        BenchOptions o = BenchOptions.parse(args);
        RsaPublicKey key = RsaPublicKey.fromPem(Files.readString(o.keyFile()));
        AtomicLong kexNanos = new AtomicLong();
        TelegramClient first = client(o, key, kexNanos);
        first.connect();
        long answeredNanos = System.nanoTime();
        // JVM uptime at the answer: the uptime now, less the time since the answer (read after the fact, so
        // loading the management classes is not counted)
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        double firstMs = uptimeMs - (System.nanoTime() - answeredNanos) / 1e6;
        double firstFromMainMs = (answeredNanos - startNanos) / 1e6;
        double firstKexMs = kexNanos.get() / 1e6;
        BenchFigures f = new BenchFigures(INLINE ? "mtjinline" : "mtj");
        f.put("first_connect_ms", firstMs);
        f.put("first_connect_from_main_ms", firstFromMainMs);
        f.put("first_kex_ms", firstKexMs);

        double[] later = new double[o.laterConnects()];
        double[] laterKex = new double[o.laterConnects()];
        for (int i = 0; i < later.length; i++) {
            AtomicLong kex = new AtomicLong();
            long t0 = System.nanoTime();
            try (TelegramClient c = client(o, key, kex)) {
                c.connect();
                later[i] = (System.nanoTime() - t0) / 1e6;
                laterKex[i] = kex.get() / 1e6;
            }
        }
        f.put("later_connect_ms", BenchFigures.median(later));
        f.put("later_kex_ms", BenchFigures.median(laterKex));

        pipelined(first, o, f);
        sequential(first, o, f);
        download(first, o, f);
        upload(first, o, f);
        helpers(first, o, f);
        first.close();
        System.out.println(f.toJson());
        System.exit(0);
    }

    private static TelegramClient client(BenchOptions o, RsaPublicKey key, AtomicLong kexNanos) {
        return new TelegramClient(ClientConfig.builder(2040, "b18441a1ff607e10a989891a5462e627")
                .endpoint(Endpoint.of("127.0.0.1", o.port(), 2))
                .serverKeys(List.of(key))
                .framing(Framing.INTERMEDIATE)
                .callTimeout(Duration.ofSeconds(60))
                .reconnect(ReconnectPolicy.NEVER)
                .sessionOptions(
                        INLINE ? SessionOptions.defaults().withCompletions(Runnable::run) : SessionOptions.defaults())
                .listener(new ConnectionListener() {
                    @Override
                    public void authKeyReady(long authKeyId, boolean reused, Duration took) {
                        kexNanos.set(took.toNanos());
                    }
                })
                .build());
    }

    private static void pipelined(TelegramClient c, BenchOptions o, BenchFigures f) throws Exception {
        runWindow(c, o.inFlight(), o.phase().dividedBy(3)); // warm-up
        long jit0 = jitMillis();
        long cpu0 = BenchFigures.processCpuNanos();
        long t0 = System.nanoTime();
        long calls = runWindow(c, o.inFlight(), o.phase());
        long wall = System.nanoTime() - t0;
        long cpu = BenchFigures.processCpuNanos() - cpu0;
        long jit1 = jitMillis();
        f.put("calls_per_s", calls / (wall / 1e9));
        f.put("cpu_us_per_call", cpu / 1e3 / calls);
        f.put("pipelined_calls", calls);
        f.put("pipelined_jit_ms", jit1 - jit0);
        // the same once warm: three more phases of pipelined calls first (the JIT's work mostly done), then one
        runWindow(c, o.inFlight(), o.phase().multipliedBy(3));
        long warmJit0 = jitMillis();
        long warmCpu0 = BenchFigures.processCpuNanos();
        long warmT0 = System.nanoTime();
        long warmCalls = runWindow(c, o.inFlight(), o.phase());
        long warmWall = System.nanoTime() - warmT0;
        f.put("calls_per_s_warm", warmCalls / (warmWall / 1e9));
        f.put("cpu_us_per_call_warm", (BenchFigures.processCpuNanos() - warmCpu0) / 1e3 / warmCalls);
        f.put("pipelined_jit_ms_warm", jitMillis() - warmJit0);
    }

    /** Time the JIT compilers have spent so far (ms), so a figure can say how much of its CPU was compiling. */
    private static long jitMillis() {
        var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** Keeps {@code window} calls in flight for {@code time}; returns how many were answered. */
    private static long runWindow(TelegramClient c, int window, Duration time) throws Exception {
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

    private static void sequential(TelegramClient c, BenchOptions o, BenchFigures f) throws Exception {
        long warmEnd = System.nanoTime() + o.phase().toNanos() / 3;
        while (System.nanoTime() < warmEnd) {
            c.invokeBlocking(new HelpGetNearestDc());
        }
        long[] samples = new long[1 << 16];
        int n = 0;
        long end = System.nanoTime() + o.phase().toNanos();
        while (System.nanoTime() < end && n < samples.length) {
            long t0 = System.nanoTime();
            c.invokeBlocking(new HelpGetNearestDc());
            samples[n++] = System.nanoTime() - t0;
        }
        long[] s = Arrays.copyOf(samples, n);
        Arrays.sort(s);
        f.put("lat_median_us", s[n / 2] / 1e3);
        f.put("lat_p99_us", s[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e3);
        f.put("lat_samples", n);
    }

    private static void download(TelegramClient c, BenchOptions o, BenchFigures f) throws Exception {
        if (o.docSize() <= 0) {
            return;
        }
        var loc = new InputDocumentFileLocation(o.docId(), o.docHash(), new byte[0], "");
        int limit = 1 << 20;
        long parts = o.docSize() / limit;
        c.invokeBlocking(new UploadGetFile(false, false, loc, 0, limit)); // warm-up
        long bytes = 0;
        long t0 = System.nanoTime();
        long end = t0 + o.phase().toNanos();
        for (long i = 0; System.nanoTime() < end || i < 4; i++) {
            UploadFile part =
                    (UploadFile) c.invokeBlocking(new UploadGetFile(false, false, loc, (i % parts) * limit, limit));
            bytes += part.bytes().length;
        }
        f.put("download_mb_s", bytes / 1048576.0 / ((System.nanoTime() - t0) / 1e9));
    }

    private static void upload(TelegramClient c, BenchOptions o, BenchFigures f) throws Exception {
        byte[] part = new byte[512 * 1024];
        new SplittableRandom(7).nextBytes(part);
        long fileId = new SplittableRandom().nextLong();
        c.invokeBlocking(new UploadSaveFilePart(fileId, 0, part)); // warm-up
        long bytes = 0;
        long t0 = System.nanoTime();
        long end = t0 + o.phase().toNanos();
        for (int i = 0; System.nanoTime() < end || i < 4; i++) {
            c.invokeBlocking(new UploadSaveFilePart(fileId, i % 16, part));
            bytes += part.length;
        }
        f.put("upload_mb_s", bytes / 1048576.0 / ((System.nanoTime() - t0) / 1e9));
    }

    /** FileUploader and FileDownloader over the one connection, 8 MiB each way, as the node scripts do. */
    private static void helpers(TelegramClient c, BenchOptions o, BenchFigures f) throws Exception {
        byte[] file = new byte[8 << 20];
        new SplittableRandom(8).nextBytes(file);
        FileUploader uploader = new FileUploader(List.of(c::invoke));
        uploader.upload(new ByteArrayInputStream(file, 0, 1 << 20), 1 << 20, "bench.bin", TransferProgress.NONE);
        long n = 0;
        long t0 = System.nanoTime();
        for (int i = 0; System.nanoTime() < t0 + o.phase().toNanos() || i < 1; i++) {
            uploader.upload(new ByteArrayInputStream(file), file.length, "bench.bin", TransferProgress.NONE);
            n += file.length;
        }
        f.put("upload_helper_mb_s", n / 1048576.0 / ((System.nanoTime() - t0) / 1e9));
        if (o.docSize() <= 0) {
            return;
        }
        var loc = new InputDocumentFileLocation(o.docId(), o.docHash(), new byte[0], "");
        FileDownloader downloader = new FileDownloader(List.of(c::invoke));
        downloader.download(loc, o.docSize(), OutputStream.nullOutputStream(), TransferProgress.NONE);
        n = 0;
        t0 = System.nanoTime();
        for (int i = 0; System.nanoTime() < t0 + o.phase().toNanos() || i < 1; i++) {
            n += downloader.download(loc, o.docSize(), OutputStream.nullOutputStream(), TransferProgress.NONE);
        }
        f.put("download_helper_mb_s", n / 1048576.0 / ((System.nanoTime() - t0) / 1e9));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
